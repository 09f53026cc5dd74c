package org.guanai.core.api;

/**
 * Event Admin topics the core posts after a registry change is committed, and the properties the events carry.
 * Programmes subscribe with an {@code EventHandler} on, for example, {@code org/guanai/registry/child/*}.
 */
public interface RegistryEvents {
    /** Prefix of every registry topic. */
    String TOPIC_PREFIX = "org/guanai/registry/";

    String CHILD_CREATED = "org/guanai/registry/child/CREATED";
    String CHILD_UPDATED = "org/guanai/registry/child/UPDATED";
    String CHILD_ARCHIVED = "org/guanai/registry/child/ARCHIVED";

    String GUARDIAN_CREATED = "org/guanai/registry/guardian/CREATED";
    String GUARDIAN_UPDATED = "org/guanai/registry/guardian/UPDATED";
    String GUARDIAN_REMOVED = "org/guanai/registry/guardian/REMOVED";

    String PARENT_CREATED = "org/guanai/registry/parent/CREATED";
    String PARENT_UPDATED = "org/guanai/registry/parent/UPDATED";
    String PARENT_REMOVED = "org/guanai/registry/parent/REMOVED";

    String SCHOOL_CREATED = "org/guanai/registry/school/CREATED";
    String SCHOOL_UPDATED = "org/guanai/registry/school/UPDATED";

    String CLASS_CREATED = "org/guanai/registry/class/CREATED";
    String CLASS_UPDATED = "org/guanai/registry/class/UPDATED";
    String CLASS_REMOVED = "org/guanai/registry/class/REMOVED";

    String STAFF_CREATED = "org/guanai/registry/staff/CREATED";
    String STAFF_UPDATED = "org/guanai/registry/staff/UPDATED";

    String PROGRAMME_ENABLED = "org/guanai/registry/programme/ENABLED";
    String PROGRAMME_DISABLED = "org/guanai/registry/programme/DISABLED";

    /** Event property: programme id ({@code String}), for programme events. */
    String PROP_PROGRAMME = "programme";

    /** Event property: id of the changed record ({@code Long}). */
    String PROP_ID = "id";
    /** Event property: entity type ({@code String}), as in {@link org.guanai.core.api.dto.HistoryEntry#entityType()}. */
    String PROP_ENTITY = "entity";
    /** Event property: the child the record belongs to ({@code Long}), when there is one. */
    String PROP_CHILD_ID = "childId";
    /** Event property: the school ({@code Long}), when there is one. */
    String PROP_SCHOOL_ID = "schoolId";
    /** Event property: the record version after the change ({@code Long}). */
    String PROP_VERSION = "version";
    /** Event property: names of the changed fields ({@code String[]}), for updates. */
    String PROP_FIELDS = "fields";
    /** Event property: who made the change ({@code String}). */
    String PROP_ACTOR = "actor";
}
