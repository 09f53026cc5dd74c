/**
 * A programme's HTTP API, declared instead of written: routes under {@code /api/programmes/<id>/} with their handlers
 * and permissions ({@link org.guanai.sdk.http.ProgrammeApi}, {@link org.guanai.sdk.http.Routes}), typed access to a
 * request ({@link org.guanai.sdk.http.Request}) with the core's request contract (size limits, {@code 415}, unknown
 * fields refused, date ranges, list sizes, field-level errors in 中文 and English), and replies
 * ({@link org.guanai.sdk.http.Reply}, {@link org.guanai.sdk.http.Download}).
 * <p>
 * Programmes implement {@link org.guanai.sdk.http.ProgrammeApi} and {@link org.guanai.sdk.http.Handler}; the core
 * implements the rest, dispatches every request and maps exceptions to statuses in one way for everyone:
 * {@link org.guanai.core.api.ValidationException} 400, {@link org.guanai.core.api.ForbiddenException} 403,
 * {@link org.guanai.core.api.NotFoundException} 404, {@link org.guanai.core.api.StaleVersionException} 409,
 * {@link org.guanai.sdk.http.ApiException} its own status, anything else 500 for that request only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.sdk.http;
