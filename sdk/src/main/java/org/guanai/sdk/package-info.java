/**
 * The programme SDK's entry point: {@link org.guanai.sdk.GuanaiProgramme} marks a bundle as a care programme. The
 * sub-packages hold what a programme declares or asks the core for instead of writing it: HTTP routes
 * ({@code http}), texts in 中文 and English ({@code i18n}), transactions ({@code data}), jobs that run once per
 * cluster ({@code jobs}), the care calendar ({@code time}) and exports ({@code export}). Contracts only: the core
 * implements every {@code @ProviderType} here.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.sdk;
