package org.guanai.plugin.pairing.internal.rules;

/** What a mentor records (domain §4.2). Names: the texts {@code recordKind.<CODE>} of the programme's messages. */
public enum RecordKind {
    /** 谈心: a heart-to-heart talk, written on the 记录卡 [000 L333][001 L22]. */
    TALK,
    /** 家访: a home visit, with its 家访记录 [000 L197][000 L233]. */
    HOME_VISIT,
    /** 电话联系家长: a call to the parents away [000 L467][000 L199]. */
    PARENT_CALL
}
