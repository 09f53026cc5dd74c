package org.guanai.core.api.dto;

/**
 * The released {@code FieldError} (core.api 1.0.0) with one more component, {@code code}: the constructor of the three
 * released components stays, so consumers compiled against 1.0.0 still link; the package goes to the next minor
 * version ({@code package-info.java}).
 */
public record FieldError(String field, String messageZh, String messageEn, String code) {

    /** The released constructor, kept: a record evolves compatibly by keeping its old canonical constructor. */
    public FieldError(String field, String messageZh, String messageEn) {
        this(field, messageZh, messageEn, null);
    }
}
