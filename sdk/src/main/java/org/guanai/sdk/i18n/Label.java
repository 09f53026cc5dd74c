package org.guanai.sdk.i18n;

/**
 * A text in both languages, e.g. a column header or the name of a kind of record. Written to JSON as
 * {@code {"zh": …, "en": …}}; exports write the 中文 one.
 *
 * @param zh 中文
 * @param en English
 */
public record Label(String zh, String en) {
}
