package org.guanai.core.registry.internal.security;

import java.lang.annotation.Annotation;

/** {@link AccountsConfig} as the component runtime would give it, with the defaults but a cheap bcrypt cost. */
record TestAccountsConfig(int bcryptCost, int freeFailures, int firstDelaySeconds, int maxDelayMinutes, int addressMaxFailures,
        int addressWindowMinutes, int sessionIdleMinutes, int sessionMaxHours, int tokenMaxDays) implements AccountsConfig {

    /** The defaults of {@link AccountsConfig}, bcrypt cost 4 (the fastest) so that the tests need no time for hashing. */
    static TestAccountsConfig defaults() {
        return new TestAccountsConfig(4, 5, 30, 15, 100, 15, 120, 12, 365);
    }

    TestAccountsConfig withAddressMaxFailures(int failures) {
        return new TestAccountsConfig(bcryptCost, freeFailures, firstDelaySeconds, maxDelayMinutes, failures,
                addressWindowMinutes, sessionIdleMinutes, sessionMaxHours, tokenMaxDays);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return AccountsConfig.class;
    }
}
