package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.assign.Assigner.Nearness;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** The line of each proposed item, from the programme's real texts. */
class ExplanationsTest {
    private final Explanations explain = new Explanations(new TestTexts());
    private final Scheme staff = Schemes.defaults().get(0);

    private static Child child(String name) {
        return Child.builder().id(100L).name(name).schoolId(1L).build();
    }

    private static Mentor mentor(String name) {
        return new Mentor(7L, 1, MentorKind.TEACHER, 3L, null, name, null, null, 9L, null, null, true, null, null);
    }

    @Test
    void aProposedPairNamesChildLevelMentorSchemeNearnessAndLoad() {
        Label l = explain.pair(child("王小一"), 2, mentor("李老师"), staff, Nearness.SAME_CLASS, 2, 3, null);
        assertEquals("王小一（2心）→ 李老师（教职工，教职工结对帮扶，同班），帮扶后 2/3 名", l.zh());
        assertEquals("王小一 (level 2) → 李老师 (Staff, Staff pairing, same class), 2 of 3 children", l.en());
        Label replacing = explain.pair(child("王小一"), null, mentor("李老师"), staff, Nearness.SAME_SCHOOL, 1, 3, "张妈妈");
        assertTrue(replacing.zh().startsWith("接替已离岗的张妈妈："), replacing.zh());
        assertTrue(replacing.zh().contains("王小一（未评估）"), replacing.zh());
        assertTrue(replacing.en().startsWith("Replaces 张妈妈, who left: 王小一 (not assessed)"), replacing.en());
        // a 爱心妈妈's scheme is named like her kind: said once (issue 19: "（爱心妈妈，爱心妈妈，同村）")
        Mentor mother = new Mentor(8L, 1, MentorKind.LOVING_MOTHER, null, null, "刘妈妈", null, "大坪村", null, null, null, true, null, null);
        Label once = explain.pair(child("王小一"), 1, mother, Schemes.defaults().get(1), Nearness.SAME_VILLAGE, 1, 4, null);
        assertEquals("王小一（1心）→ 刘妈妈（爱心妈妈，同村），帮扶后 1/4 名", once.zh());
        assertEquals("王小一 (level 1) → 刘妈妈 (Loving mother, same village), 1 of 4 children", once.en());
    }

    @Test
    void aLongLineIsCutAt300Characters() {
        Label l = explain.pair(child("王".repeat(400)), 1, mentor("李老师"), staff, Nearness.SAME_CLASS, 1, 3, null);
        assertEquals(300, l.zh().length());
        assertTrue(l.zh().endsWith("…"));
        assertEquals(300, l.en().length());
    }

    @Test
    void aSlotWithoutMentorNamesTheKindsItNeeds() {
        Label l = explain.none(child("王小一"), EnumSet.of(MentorKind.LOVING_MOTHER, MentorKind.TEACHER));
        assertTrue(l.zh().contains("教职工、爱心妈妈"), l.zh());
        assertTrue(l.en().contains("(needed: Staff, Loving mother)"), l.en());
    }
}
