/**
 * Exports a school office can send on: CSV that Excel opens (UTF-8 with BOM, formula cells neutralised) and xlsx, with
 * 中文 headers and labels rather than codes, rates as percentages and dates as dates
 * ({@link org.guanai.sdk.export.Exports}, {@link org.guanai.sdk.export.Table}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.sdk.export;
