package org.guanai.core.api;

/**
 * The audit log (审计日志), for programmes: an append-only, hash-chained record of who did what to which record, from
 * which address. The core records its own reads and changes; a programme records the full reads of the sensitive
 * data it owns (e.g. a health record) and its changes. The user and address are those of the current request.
 */
@org.osgi.annotation.versioning.ProviderType
public interface AuditTrail {

    /**
     * Appends an entry.
     *
     * @param action   e.g. {@code READ}, {@code CREATE}, {@code UPDATE}, {@code DELETE}
     * @param entity   what kind of record, prefixed with the programme id for programme records, e.g. {@code health.check}
     * @param entityId the record's id
     * @param childId  the child the record belongs to, or {@code null}
     * @param schoolId the school, or {@code null}
     * @param detail   a short description, no personal data; may be {@code null}
     */
    void record(String action, String entity, String entityId, Long childId, Long schoolId, String detail);
}
