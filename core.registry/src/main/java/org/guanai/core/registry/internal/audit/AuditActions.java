package org.guanai.core.registry.internal.audit;

import org.guanai.core.registry.internal.security.LoginThrottle;

/** The actions written to the audit log by the core. */
public final class AuditActions {
    public static final String CREATE = "CREATE";
    public static final String UPDATE = "UPDATE";
    public static final String DELETE = "DELETE";
    public static final String ARCHIVE = "ARCHIVE";
    public static final String READ = "READ";
    public static final String LOGIN = "LOGIN";
    public static final String LOGIN_FAILED = "LOGIN_FAILED";
    /** An address starts to wait before it may try a user name again (see {@link LoginThrottle}). */
    public static final String LOGIN_DELAYED = "LOGIN_DELAYED";
    public static final String PASSWORD_CHANGE = "PASSWORD_CHANGE";
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    public static final String UNLOCK = "UNLOCK";
    public static final String TOKEN_CREATE = "TOKEN_CREATE";
    public static final String TOKEN_REVOKE = "TOKEN_REVOKE";
    public static final String MODULE = "MODULE_";
    /** A backup of the data folder was made (detail: its size) or failed. */
    public static final String BACKUP = "BACKUP";
    /** The chain is sealed with the audit key from this entry on (written once, when entries without a seal exist). */
    static final String AUDIT_KEY = "AUDIT_KEY";
    /** A check found the chain broken; the detail says how. */
    static final String AUDIT_ALARM = "AUDIT_ALARM";
    /** An administrator acknowledged an alarm (guanai:auditacknowledge); anchoring goes on from here. */
    static final String AUDIT_ACKNOWLEDGED = "AUDIT_ACKNOWLEDGED";

    private AuditActions() {
    }
}
