/**
 * The care calendar: the clock in China time, 学年 and 学期 ({@link org.guanai.sdk.time.Semester}), one representation for
 * every programme.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.sdk.time;
