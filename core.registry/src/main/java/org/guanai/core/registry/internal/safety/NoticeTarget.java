package org.guanai.core.registry.internal.safety;

import java.time.Duration;

/**
 * Whom a school informs after an incident, and how soon after it happened ([002 L87], domain §3.3 and §9.2): the
 * delegated guardian within 30 minutes, the parents working away within 1 hour, the education authority and the
 * township government within 2 hours.
 */
public enum NoticeTarget {
    /** 委托监护人: within 30 minutes. */
    DELEGATED_GUARDIAN(Duration.ofMinutes(30)),
    /** 外出务工父母: within 1 hour. */
    PARENTS(Duration.ofHours(1)),
    /** 上级教育主管部门和乡镇政府: within 2 hours. */
    AUTHORITIES(Duration.ofHours(2));

    private final Duration within;

    NoticeTarget(Duration within) {
        this.within = within;
    }

    /** @return how long after the incident the notice is due */
    public Duration within() {
        return within;
    }
}
