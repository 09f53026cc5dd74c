package org.guanai.sdk.data;

import javax.sql.DataSource;

import org.guanai.core.api.dto.MigrationReport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's database as one programme uses it. Get it with {@code @Reference Database db}: a bundle-scoped
 * service, so each bundle gets its own, bound to its programme id ({@link org.guanai.sdk.GuanaiProgramme}).
 * <pre>{@code
 * @Activate
 * public CallStore(@Reference Database db) {
 *     db.migrate();          // db/calls/V*.sql from this bundle, those not applied yet
 *     this.db = db;
 * }
 * List<Call> forChild(long child) {
 *     return db.read(sql -> sql.list("SELECT * FROM calls_call WHERE child_id = ?", Call::of, child));
 * }
 * }</pre>
 * Implemented by the core.
 */
@ProviderType
public interface Database {

    /**
     * Applies the bundle's migrations not applied yet ({@code db/<id>/V<n>__*.sql}), in order, each in its own
     * transaction, recorded in the platform's schema history under the programme id. Safe to call at every start, on
     * every node: concurrent callers wait for one another.
     *
     * @return what was applied
     * @throws DataException when a migration fails (nothing of it is kept)
     */
    MigrationReport migrate();

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. An exception thrown
     * by {@code work} is rethrown as it is, but a {@link java.sql.SQLException} becomes a {@link DataException}.
     */
    <T> T tx(Work<T> work);

    /**
     * As {@link #tx}, retried (up to three times in all) when the database refuses it for a concurrent write: a unique
     * key taken by a concurrent insert ({@code 23505}), a serialization failure ({@code 40001}) or a deadlock
     * ({@code 40P01}). For select-then-insert work whose second attempt sees the other writer's row.
     */
    <T> T txRetrying(Work<T> work);

    /** Runs read-only {@code work} on a connection of its own, outside any transaction of the caller. */
    <T> T read(Work<T> work);

    /** @return the platform's data source, for code that needs plain JDBC */
    DataSource dataSource();
}
