package org.guanai.sdk.export;

/**
 * A column of an exported table.
 *
 * @param zh its 中文 header, written in the file; for a roster, the same name its import recognises
 * @param en its English header, for the OpenAPI document and an English export
 */
public record Column(String zh, String en) {
}
