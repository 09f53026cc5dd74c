package org.guanai.core.registry.internal.safety;

import java.util.Optional;

/** 事件类别: what happened to a child (domain §3.3); some kinds are triggers of 强制报告. */
public enum IncidentKind {
    /** 意外伤害: accidental injury. */
    INJURY(ReportTrigger.SUSPECTED_HARM),
    /** 走失: the child is missing. */
    MISSING(ReportTrigger.MISSING),
    /** 欺凌: bullying (handled by the school; a report when it is unlawful harm is recorded as that kind). */
    BULLYING(null),
    /** 疑似家庭暴力: suspected domestic violence. */
    DOMESTIC_VIOLENCE(ReportTrigger.SUSPECTED_VIOLENCE),
    /** 疑似不法侵害: suspected unlawful harm. */
    UNLAWFUL_HARM(ReportTrigger.SUSPECTED_HARM),
    /** 监护人不履行监护责任: the guardian neglects the duties. */
    NEGLECT(ReportTrigger.NEGLECT),
    /** 其他: anything else. */
    OTHER(null);

    private final ReportTrigger trigger;

    IncidentKind(ReportTrigger trigger) {
        this.trigger = trigger;
    }

    /** @return the 强制报告 trigger this kind is, if any */
    public Optional<ReportTrigger> trigger() {
        return Optional.ofNullable(trigger);
    }
}
