package org.guanai.core.registry.internal.safety;

/** What makes a report to the police mandatory (强制报告 [002 L156], domain §3.3). */
public enum ReportTrigger {
    /** 脱离监护单独居住生活: the child lives alone without guardianship. */
    LIVING_ALONE,
    /** 失踪: the child is missing. */
    MISSING,
    /** 监护人丧失监护能力: the guardian has lost guardianship capacity. */
    LOST_CAPACITY,
    /** 监护人不履行监护责任: the guardian neglects the duties. */
    NEGLECT,
    /** 疑似遭受家庭暴力: suspected domestic violence. */
    SUSPECTED_VIOLENCE,
    /** 疑似遭受意外伤害或不法侵害: suspected accidental injury or unlawful harm. */
    SUSPECTED_HARM
}
