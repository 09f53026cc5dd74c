package org.guanai.core.api.dto;

/**
 * The released {@code FieldError} (core.api 1.0.0) with one more component, {@code code}: the canonical constructor of
 * three components is gone, a break for every consumer that calls it; the package version is left as released.
 */
public record FieldError(String field, String messageZh, String messageEn, String code) {
}
