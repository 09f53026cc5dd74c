package org.guanai.core.api.dto;

/**
 * 监护类型, the five kinds of the 民政 登记表 (since 1.3.0). The first three follow from the archive (无人监护, a parent
 * at home without 监护能力, a guardian without capacity); 较好 and 一般 are an assessment someone records.
 */
public enum GuardianshipType {
    /** 无人监护. */
    UNATTENDED,
    /** 父或母无监护能力. */
    PARENT_INCAPABLE,
    /** 受委托监护人监护能力不足. */
    GUARDIAN_INSUFFICIENT,
    /** 监护情况一般. */
    FAIR,
    /** 监护情况较好. */
    GOOD
}
