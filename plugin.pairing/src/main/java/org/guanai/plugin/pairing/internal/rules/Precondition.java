package org.guanai.plugin.pairing.internal.rules;

/** 前提条件: what must be on record before a pair of a scheme is in force. */
public enum Precondition {
    /** 家长同意: the parents' consent, for the child (在家长自愿的情况下) [002 L178]. */
    PARENT_CONSENT(Subject.CHILD),
    /** 审查: vetting of the mentor (报名、登记、审查) [002 L183-184]. */
    VETTING(Subject.MENTOR),
    /** 成绩测试: the class's grade test, before 小老师 pairing [000 L705]. */
    CLASS_TEST(Subject.CLASS),
    /** 身心调查: the class's physical and mental survey, before 小老师 pairing [000 L705]. */
    SURVEY(Subject.CLASS);

    /** What the precondition is recorded for. */
    public enum Subject {
        CHILD, MENTOR, CLASS
    }

    private final Subject subject;

    Precondition(Subject subject) {
        this.subject = subject;
    }

    public Subject subject() {
        return subject;
    }
}
