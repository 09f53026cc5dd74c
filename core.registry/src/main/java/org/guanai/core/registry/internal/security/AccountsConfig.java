package org.guanai.core.registry.internal.security;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of accounts, logins and sessions (PID {@code org.guanai.core.accounts}). */
@ObjectClassDefinition(name = "Guanai accounts", description = "Passwords, login throttling, sessions and API tokens")
@interface AccountsConfig {
    String PID = "org.guanai.core.accounts";

    @AttributeDefinition(description = "bcrypt cost (work factor 2^n) for new password hashes")
    int bcryptCost() default 11;

    @AttributeDefinition(description = "Failed logins in a row from one address for one user name before that address"
            + " has to wait for that user name (other addresses and other users are not affected)")
    int freeFailures() default 5;

    @AttributeDefinition(description = "Seconds to wait after the last free failure; each further failure doubles it")
    int firstDelaySeconds() default 30;

    @AttributeDefinition(description = "Longest wait, in minutes, however many failures")
    int maxDelayMinutes() default 15;

    @AttributeDefinition(description = "Failed logins from one address, whatever the user names, within the window after"
            + " which every login from it waits (high enough for a school behind one NAT address, low enough to stop a"
            + " password sprayer)")
    int addressMaxFailures() default 100;

    @AttributeDefinition(description = "Window (minutes) for the failed logins of one address")
    int addressWindowMinutes() default 15;

    @AttributeDefinition(description = "A web session ends after this many idle minutes")
    int sessionIdleMinutes() default 120;

    @AttributeDefinition(description = "A web session ends this many hours after login, however active")
    int sessionMaxHours() default 12;

    @AttributeDefinition(description = "Longest lifetime of an API token, in days")
    int tokenMaxDays() default 365;
}
