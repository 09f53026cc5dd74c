package org.guanai.plugin.pairing.internal.rules;

/** What a mentor records (domain §4.2). */
public enum RecordKind {
    /** 谈心: a heart-to-heart talk, written on the 记录卡 [000 L333][001 L22]. */
    TALK("谈心", "Talk"),
    /** 家访: a home visit, with its 家访记录 [000 L197][000 L233]. */
    HOME_VISIT("家访", "Home visit"),
    /** 电话联系家长: a call to the parents away [000 L467][000 L199]. */
    PARENT_CALL("电话联系家长", "Call to the parents");

    private final String zh;
    private final String en;

    RecordKind(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
