package org.guanai.core.registry.internal;

/** The actions written to the audit log by the core. */
final class AuditActions {
    static final String CREATE = "CREATE";
    static final String UPDATE = "UPDATE";
    static final String DELETE = "DELETE";
    static final String ARCHIVE = "ARCHIVE";
    static final String READ = "READ";
    static final String LOGIN = "LOGIN";
    static final String LOGIN_FAILED = "LOGIN_FAILED";
    /** An address starts to wait before it may try a user name again (see {@link LoginThrottle}). */
    static final String LOGIN_DELAYED = "LOGIN_DELAYED";
    static final String PASSWORD_CHANGE = "PASSWORD_CHANGE";
    static final String PASSWORD_RESET = "PASSWORD_RESET";
    static final String UNLOCK = "UNLOCK";
    static final String TOKEN_CREATE = "TOKEN_CREATE";
    static final String TOKEN_REVOKE = "TOKEN_REVOKE";
    static final String MODULE = "MODULE_";
    /** A backup of the data folder was made (detail: its size) or failed. */
    static final String BACKUP = "BACKUP";
    /** The chain is sealed with the audit key from this entry on (written once, when entries without a seal exist). */
    static final String AUDIT_KEY = "AUDIT_KEY";
    /** A check found the chain broken; the detail says how. */
    static final String AUDIT_ALARM = "AUDIT_ALARM";
    /** An administrator acknowledged an alarm (guanai:auditacknowledge); anchoring goes on from here. */
    static final String AUDIT_ACKNOWLEDGED = "AUDIT_ACKNOWLEDGED";

    private AuditActions() {
    }
}
