package org.guanai.plugin.pairing.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SchemesTest {
    private final Schemes schemes = new Schemes(Schemes.defaults());

    @Test
    void levelFourNeedsCadreTeacherAndLovingMother() {
        assertEquals(List.of(Set.of(MentorKind.CADRE), Set.of(MentorKind.TEACHER), Set.of(MentorKind.LOVING_MOTHER)), schemes.slotsFor(4));
        assertEquals(Schemes.CADRE_TEACHER, schemes.schemeFor(4, MentorKind.CADRE).orElseThrow().code());
        assertEquals(Schemes.CADRE_TEACHER, schemes.schemeFor(4, MentorKind.TEACHER).orElseThrow().code());
        assertEquals(Schemes.LOVING_MOTHER_SCHEME, schemes.schemeFor(4, MentorKind.LOVING_MOTHER).orElseThrow().code());
    }

    /**
     * Regression (issue 19): a child of 心级 1–3 got a teacher <em>or</em> an 爱心妈妈, so 九个一 item (4), one 爱心妈妈 for every
     * left-behind child [000 L707-709], could never be met for a child with a teacher. Each level now needs both.
     */
    @Test
    void levelsOneToThreeNeedAStaffMemberAndALovingMother() {
        for (Integer level : new Integer[] { null, 1, 2, 3 }) {
            assertEquals(List.of(Set.of(MentorKind.TEACHER), Set.of(MentorKind.LOVING_MOTHER)), schemes.slotsFor(level));
        }
        assertEquals(Schemes.STAFF, schemes.schemeFor(2, MentorKind.TEACHER).orElseThrow().code());
        assertEquals(Schemes.LOVING_MOTHER_SCHEME, schemes.schemeFor(2, MentorKind.LOVING_MOTHER).orElseThrow().code());
    }

    @Test
    void disabledSchemesDropOut() {
        Schemes noMothers = new Schemes(Schemes.defaults().stream()
                .map(s -> s.code().equals(Schemes.LOVING_MOTHER_SCHEME) ? s.with(false, s.capacity(), s.obligations()) : s).toList());
        assertEquals(List.of(Set.of(MentorKind.TEACHER)), noMothers.slotsFor(1));
    }

    @Test
    void capacitiesFromTheSeed() {
        assertEquals(3, schemes.defaultCapacity(MentorKind.TEACHER)); // [003 L17]
        assertEquals(1, schemes.defaultCapacity(MentorKind.PROXY_PARENT));
        assertEquals(1, schemes.defaultCapacity(MentorKind.PEER));
        assertEquals(2, schemes.defaultCapacity(MentorKind.CADRE));
    }
}
