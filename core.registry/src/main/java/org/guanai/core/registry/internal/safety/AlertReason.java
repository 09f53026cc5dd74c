package org.guanai.core.registry.internal.safety;

/**
 * Why a child under 16 raises a guardianship alert (监护预警, domain §3.2–3.3: 不得让不满十六周岁的儿童脱离监护单独居住生活).
 * Each reason opens a mandatory report of its {@link #trigger()} (强制报告).
 */
public enum AlertReason {
    /** 无人监护: the child is marked as living without an adult who cares for it. */
    UNATTENDED(ReportTrigger.LIVING_ALONE),
    /** 监护人未成年: the child's guardians are all under 18 or without capacity, one of them under 18. */
    GUARDIAN_MINOR(ReportTrigger.LIVING_ALONE),
    /** 监护人无监护能力: the child's guardians are all under 18 or without capacity, one of them assessed without capacity. */
    GUARDIAN_INCAPABLE(ReportTrigger.LOST_CAPACITY);

    private final ReportTrigger trigger;

    AlertReason(ReportTrigger trigger) {
        this.trigger = trigger;
    }

    /** @return the 强制报告 trigger this reason is */
    public ReportTrigger trigger() {
        return trigger;
    }
}
