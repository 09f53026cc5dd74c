package org.guanai.core.api.dto;

/**
 * 监护能力: whether a guardian is able to look after the child (domain §3.2–3.3: a child under 16 must live with an
 * adult with guardianship capacity; a guardian who has lost it is a trigger of 强制报告).
 */
public enum GuardianCapacity {
    /** 有监护能力: able to look after the child (the default: nobody assessed otherwise). */
    CAPABLE,
    /** 经评估无监护能力: assessed as unable (illness, disability, old age …). */
    INCAPABLE
}
