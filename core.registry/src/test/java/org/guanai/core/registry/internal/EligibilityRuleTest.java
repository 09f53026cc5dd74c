package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.registry.internal.EligibilityConfig.ParentRule;
import org.junit.jupiter.api.Test;

class EligibilityRuleTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private final Messages messages = new Messages();

    static Child child(LocalDate birth, LeftBehindType type) {
        return new Child(1L, 0, "袁小梅", Gender.FEMALE, birth, null, null, null, 1L, null, null, null, null, type, null, false,
                null, null, Set.of(), false, null, null);
    }

    static Parent parent(ParentRole role, boolean away, LocalDate since, boolean capacity, boolean deceased) {
        return new Parent(1L, 0, 1L, role, role == ParentRole.FATHER ? "袁建国" : "陈丽", null, null, away, null, null, null, null,
                null, since, null, null, capacity, deceased);
    }

    private EligibilityRule rule(int cap, ParentRule parents, int months) {
        return new EligibilityRule(cap, parents, months, messages);
    }

    private static boolean met(EligibilityReport r, String code) {
        return r.criteria().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow().met();
    }

    @Test
    void ageCapIsExclusive() {
        List<Parent> both = List.of(parent(ParentRole.FATHER, true, null, true, false), parent(ParentRole.MOTHER, true, null, true, false));
        EligibilityRule under16 = rule(16, ParentRule.BOTH_AWAY, 0);
        assertTrue(under16.evaluate(child(TODAY.minusYears(16).plusDays(1), LeftBehindType.BOTH_AWAY), both, TODAY).eligible());
        assertFalse(under16.evaluate(child(TODAY.minusYears(16), LeftBehindType.BOTH_AWAY), both, TODAY).eligible());
        assertTrue(rule(18, ParentRule.BOTH_AWAY, 0).evaluate(child(TODAY.minusYears(16), LeftBehindType.BOTH_AWAY), both, TODAY)
                .eligible());
    }

    @Test
    void oneAwayAndTheOtherWithoutCapacityDependsOnTheRule() {
        Child c = child(LocalDate.of(2016, 1, 1), LeftBehindType.FATHER_AWAY);
        List<Parent> parents = List.of(parent(ParentRole.FATHER, true, null, true, false),
                parent(ParentRole.MOTHER, false, null, false, false));
        assertTrue(rule(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0).evaluate(c, parents, TODAY).eligible());
        EligibilityReport strict = rule(16, ParentRule.BOTH_AWAY, 0).evaluate(c, parents, TODAY);
        assertFalse(strict.eligible());
        assertFalse(met(strict, "PARENTS_AWAY"));
        assertTrue(met(strict, "AGE"));

        List<Parent> capable = List.of(parent(ParentRole.FATHER, true, null, true, false),
                parent(ParentRole.MOTHER, false, null, true, false));
        assertFalse(rule(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0).evaluate(c, capable, TODAY).eligible());

        List<Parent> deceased = List.of(parent(ParentRole.FATHER, true, null, true, false),
                parent(ParentRole.MOTHER, false, null, true, true));
        assertTrue(rule(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0).evaluate(c, deceased, TODAY).eligible());
    }

    @Test
    void aSingleParentAwayCountsOnlyForASingleParentChild() {
        EligibilityRule r = rule(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0);
        List<Parent> onlyFather = List.of(parent(ParentRole.FATHER, true, null, true, false));
        Child plain = child(LocalDate.of(2016, 1, 1), LeftBehindType.FATHER_AWAY);
        assertFalse(r.evaluate(plain, onlyFather, TODAY).eligible(), "the mother is just not recorded");
        Child single = new Child(1L, 0, plain.name(), plain.gender(), plain.birthDate(), null, null, null, 1L, null, null, null, null,
                LeftBehindType.FATHER_AWAY, null, false, null, null, Set.of(org.guanai.core.api.dto.ChildFlag.SINGLE_PARENT), false,
                null, null);
        assertTrue(r.evaluate(single, onlyFather, TODAY).eligible());
    }

    @Test
    void withoutParentRecordsTheLeftBehindTypeDecides() {
        EligibilityRule r = rule(16, ParentRule.BOTH_AWAY, 0);
        assertTrue(r.evaluate(child(LocalDate.of(2016, 1, 1), LeftBehindType.BOTH_AWAY), List.of(), TODAY).eligible());
        assertFalse(r.evaluate(child(LocalDate.of(2016, 1, 1), LeftBehindType.MOTHER_AWAY), List.of(), TODAY).eligible());
    }

    @Test
    void monthsAwayCountFromTheLatestDeparture() {
        Child c = child(LocalDate.of(2016, 1, 1), LeftBehindType.BOTH_AWAY);
        EligibilityRule sixMonths = rule(18, ParentRule.BOTH_AWAY, 6);
        List<Parent> seven = List.of(parent(ParentRole.FATHER, true, TODAY.minusMonths(20), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(7), true, false));
        assertTrue(sixMonths.evaluate(c, seven, TODAY).eligible());
        List<Parent> five = List.of(parent(ParentRole.FATHER, true, TODAY.minusMonths(20), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(5), true, false));
        EligibilityReport r = sixMonths.evaluate(c, five, TODAY);
        assertFalse(r.eligible());
        assertFalse(met(r, "MONTHS_AWAY"));
        List<Parent> unknown = List.of(parent(ParentRole.FATHER, true, null, true, false), parent(ParentRole.MOTHER, true, null, true, false));
        assertFalse(sixMonths.evaluate(c, unknown, TODAY).eligible(), "unknown departure dates do not prove six months");
        assertEquals(2, rule(16, ParentRule.BOTH_AWAY, 0).evaluate(c, seven, TODAY).criteria().size(), "no months criterion at 0");
    }

    @Test
    void everyCriterionIsExplainedInBothLanguages() {
        EligibilityReport r = rule(16, ParentRule.BOTH_AWAY, 6).evaluate(child(LocalDate.of(2016, 1, 1), LeftBehindType.BOTH_AWAY),
                List.of(), TODAY);
        r.criteria().forEach(c -> {
            assertFalse(c.detailZh().isBlank());
            assertFalse(c.detailEn().isBlank());
            assertFalse(c.detailZh().startsWith("eligibility."), "resolved from the resource bundle: " + c.detailZh());
        });
    }
}
