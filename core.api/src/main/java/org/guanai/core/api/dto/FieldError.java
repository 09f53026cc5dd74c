package org.guanai.core.api.dto;

/**
 * One rejected field of a request, explained in 中文 and English.
 *
 * @param field     the field name as used in the JSON API, e.g. {@code idNumber}
 * @param messageZh 中文说明
 * @param messageEn English explanation
 */
public record FieldError(String field, String messageZh, String messageEn) {
}
