package org.guanai.core.api.dto;

/**
 * What {@link org.guanai.core.api.SchemaMigrator#migrate} did for one owner.
 *
 * @param owner       the owner id (the core, or a programme id)
 * @param fromVersion the schema version before, {@code null} for a new owner
 * @param toVersion   the schema version after
 * @param applied     how many scripts ran
 */
public record MigrationReport(String owner, String fromVersion, String toVersion, int applied) {
}
