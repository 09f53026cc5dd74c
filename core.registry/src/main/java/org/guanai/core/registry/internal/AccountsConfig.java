package org.guanai.core.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of accounts, logins and sessions (PID {@code org.guanai.core.accounts}). */
@ObjectClassDefinition(name = "Guanai accounts", description = "Passwords, login throttling, sessions and API tokens")
@interface AccountsConfig {
    String PID = "org.guanai.core.accounts";

    @AttributeDefinition(description = "bcrypt cost (work factor 2^n) for new password hashes")
    int bcryptCost() default 11;

    @AttributeDefinition(description = "Failed logins in a row after which an account is locked")
    int maxFailedLogins() default 5;

    @AttributeDefinition(description = "Minutes an account stays locked")
    int lockMinutes() default 15;

    @AttributeDefinition(description = "Failed logins from one address within the window after which it is throttled")
    int addressMaxFailures() default 20;

    @AttributeDefinition(description = "Window (minutes) for failed logins from one address")
    int addressWindowMinutes() default 10;

    @AttributeDefinition(description = "A web session ends after this many idle minutes")
    int sessionIdleMinutes() default 120;

    @AttributeDefinition(description = "A web session ends this many hours after login, however active")
    int sessionMaxHours() default 12;

    @AttributeDefinition(description = "Longest lifetime of an API token, in days")
    int tokenMaxDays() default 365;
}
