package org.guanai.plugin.pairing.internal.rules;

/**
 * 帮扶人类别: who a mentor is (domain §4.1, §8.1). Names: the texts {@code mentorKind.<CODE>} of the programme's messages.
 */
public enum MentorKind {
    /** 教职工: registry staff (班主任, 任课教师, 帮扶教师, 其他教职工) [000 L327-329][002 L84][003 L17]. */
    TEACHER,
    /** 爱心妈妈: loving mother, a teacher or volunteer "mother" [000 L707-709]. */
    LOVING_MOTHER,
    /** 代理家长: proxy parent [002 L172-196][000 L279]. */
    PROXY_PARENT,
    /** 干部: responsible cadre (责任干部, 村干部, 包片干部) [002 L371][000 L139-161]. */
    CADRE,
    /** 志愿者: volunteer [002 L134-137][002 L20]. */
    VOLUNTEER,
    /** 小老师/学习帮手: a pupil helping a peer [000 L705][000 L321]. */
    PEER;

    /** @return the bit of this kind in a kind mask */
    public int bit() {
        return 1 << ordinal();
    }
}
