/**
 * A programme's tables on the platform's database: its migrations ({@code db/<id>/V<n>__<what>.sql} in its bundle) and
 * transactions ({@link org.guanai.sdk.data.Database}), with small helpers for the statements every store writes
 * ({@link org.guanai.sdk.data.Sql}, {@link org.guanai.sdk.data.Where} for optional filters). SQL must run on H2 (PostgreSQL mode) and PostgreSQL alike.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.guanai.sdk.data;
