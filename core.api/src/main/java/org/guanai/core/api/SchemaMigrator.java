package org.guanai.core.api;

import org.guanai.core.api.dto.MigrationReport;

/**
 * Runs versioned SQL migrations for one owner (the core, or a programme) from that owner's own bundle.
 * <p>
 * Implemented by the core. A programme calls {@link #migrate} in its store component's {@code @Activate}, before it
 * touches its tables: scripts named {@code db/<owner>/V<n>__<what>.sql} inside the bundle of {@code anchor} run in
 * version order, each once, recorded in the owner's own history table {@code <owner>_schema_history}. On a bundle
 * update the new scripts run forward. Nothing is ever dropped by stopping or uninstalling a bundle.
 * SQL must run on H2 (PostgreSQL mode) and PostgreSQL alike; tables are prefixed with the owner id.
 */
@org.osgi.annotation.versioning.ProviderType
public interface SchemaMigrator {

    /**
     * Target filter of the platform's {@code javax.sql.DataSource} service, on which a programme keeps its tables:
     * {@code @Reference(target = SchemaMigrator.DATA_SOURCE_TARGET) DataSource db}.
     */
    String DATA_SOURCE_TARGET = "(guanai.datasource=core)";

    /**
     * Applies the owner's pending scripts.
     *
     * @param owner  lower-case id, {@code [a-z][a-z0-9_]{1,30}}
     * @param anchor any class of the bundle that holds the scripts
     * @return what was applied
     * @throws IllegalStateException if a script fails; the failed script's changes are rolled back where the
     *                               database allows and the history records nothing for it
     */
    MigrationReport migrate(String owner, Class<?> anchor);

    /** @return the current schema version of an owner, or {@code null} if it has none */
    String currentVersion(String owner);
}
