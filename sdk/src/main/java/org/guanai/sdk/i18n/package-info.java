/**
 * A programme's texts in 中文 and English ({@link org.guanai.sdk.i18n.Texts}), read from its own bundle:
 * {@code i18n/messages_zh.properties} and {@code i18n/messages_en.properties} (UTF-8, {@link java.text.MessageFormat}
 * patterns). No fallback to the JVM's locale.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.guanai.sdk.i18n;
