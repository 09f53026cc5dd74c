package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestSupport.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.EligibilityReport.Criterion;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.registry.EligibilityConfig.ParentRule;
import org.junit.jupiter.api.Test;

class EligibilityRuleTest {
    private static final Messages MESSAGES = new Messages();
    private static final ParentRule LENIENT = ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY;
    private static final ParentRule STRICT = ParentRule.BOTH_AWAY;

    private static EligibilityRule rule(int ageCap, ParentRule parents, int minMonths) {
        return new EligibilityRule(ageCap, parents, minMonths, MESSAGES);
    }

    private static Child child(LocalDate birth, LeftBehindType type, LocalDate leftBehindSince) {
        return new Child(7L, 0, "王小明", Gender.MALE, birth, null, null, "汉族", 1L, null, BoardingType.DAY, null, null, type,
                leftBehindSince, false, null, null, Set.of(), false, null, null);
    }

    private static Child childAged(int years) {
        return child(TODAY.minusYears(years), LeftBehindType.BOTH_AWAY, null);
    }

    private static Parent parent(ParentRole role, boolean away, LocalDate awaySince, boolean capacity, boolean deceased) {
        return new Parent((long) role.ordinal() + 1, 0, 7, role, role == ParentRole.FATHER ? "王建国" : "李梅", null, null, away,
                null, null, null, null, null, awaySince, null, null, capacity, deceased);
    }

    private static Parent away(ParentRole role) {
        return parent(role, true, null, true, false);
    }

    private static Parent home(ParentRole role) {
        return parent(role, false, null, true, false);
    }

    private static Criterion criterion(EligibilityReport report, String code) {
        return report.criteria().stream().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + code + " in " + report));
    }

    private static void assertTexts(EligibilityReport report) {
        for (Criterion c : report.criteria()) {
            assertFalse(c.detailZh().isBlank() || c.detailZh().startsWith("eligibility."), c.toString());
            assertFalse(c.detailEn().isBlank() || c.detailEn().startsWith("eligibility."), c.toString());
        }
    }

    // ---- age

    @Test
    void ageCap16() {
        EligibilityRule rule = rule(16, LENIENT, 0);
        List<Parent> both = List.of(away(ParentRole.FATHER), away(ParentRole.MOTHER));

        EligibilityReport at15 = rule.evaluate(childAged(15), both, TODAY);
        assertTrue(at15.eligible());
        assertTrue(criterion(at15, "AGE").met());
        assertTrue(criterion(at15, "AGE").detailZh().contains("15"), criterion(at15, "AGE").detailZh());

        EligibilityReport dayBefore16 = rule.evaluate(child(TODAY.minusYears(16).plusDays(1), LeftBehindType.BOTH_AWAY, null),
                both, TODAY);
        assertTrue(dayBefore16.eligible(), "15 until the 16th birthday");

        EligibilityReport at16 = rule.evaluate(childAged(16), both, TODAY);
        assertFalse(at16.eligible(), "16th birthday today");
        assertFalse(criterion(at16, "AGE").met());
        assertTrue(criterion(at16, "PARENTS_AWAY").met());
        assertTexts(at16);
    }

    @Test
    void ageCap18() {
        EligibilityRule rule = rule(18, LENIENT, 0);
        List<Parent> both = List.of(away(ParentRole.FATHER), away(ParentRole.MOTHER));
        assertTrue(rule.evaluate(childAged(16), both, TODAY).eligible());
        assertTrue(rule.evaluate(childAged(17), both, TODAY).eligible());
        assertFalse(rule.evaluate(childAged(18), both, TODAY).eligible());
        assertEquals("age<18; BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY; monthsAway>=0", rule.evaluate(childAged(17), both, TODAY).rule());
    }

    // ---- parents

    @Test
    void bothParentsAway() {
        List<Parent> both = List.of(away(ParentRole.FATHER), away(ParentRole.MOTHER));
        for (ParentRule pr : ParentRule.values()) {
            EligibilityReport r = rule(16, pr, 0).evaluate(childAged(10), both, TODAY);
            assertTrue(r.eligible(), pr.name());
            assertEquals(7, r.childId());
            assertEquals(List.of("AGE", "PARENTS_AWAY"), r.criteria().stream().map(Criterion::code).toList(),
                    "no months criterion when minMonthsAway is 0");
            assertEquals("父母双方均外出务工", criterion(r, "PARENTS_AWAY").detailZh());
        }
    }

    @Test
    void oneAwayOtherAtHomeWithCapacityIsNotLeftBehind() {
        List<Parent> parents = List.of(away(ParentRole.FATHER), home(ParentRole.MOTHER));
        for (ParentRule pr : ParentRule.values()) {
            EligibilityReport r = rule(16, pr, 0).evaluate(childAged(10), parents, TODAY);
            assertFalse(r.eligible(), pr.name());
            assertFalse(criterion(r, "PARENTS_AWAY").met());
            assertTexts(r);
        }
    }

    @Test
    void oneAwayOtherWithoutCapacity() {
        List<Parent> parents = List.of(away(ParentRole.FATHER), parent(ParentRole.MOTHER, false, null, false, false));
        EligibilityReport lenient = rule(16, LENIENT, 0).evaluate(childAged(10), parents, TODAY);
        assertTrue(lenient.eligible());
        assertEquals("一方外出务工，另一方无监护能力", criterion(lenient, "PARENTS_AWAY").detailZh());

        EligibilityReport strict = rule(16, STRICT, 0).evaluate(childAged(10), parents, TODAY);
        assertFalse(strict.eligible());
        assertFalse(criterion(strict, "PARENTS_AWAY").met());
        assertTexts(strict);
    }

    @Test
    void oneAwayOtherDeceased() {
        List<Parent> parents = List.of(parent(ParentRole.FATHER, false, null, true, true), away(ParentRole.MOTHER));
        assertTrue(rule(16, LENIENT, 0).evaluate(childAged(9), parents, TODAY).eligible());
        assertFalse(rule(16, STRICT, 0).evaluate(childAged(9), parents, TODAY).eligible());
    }

    @Test
    void aDeceasedParentMarkedAwayDoesNotCountAsAway() {
        List<Parent> parents = List.of(parent(ParentRole.FATHER, true, null, true, true), home(ParentRole.MOTHER));
        assertFalse(rule(16, LENIENT, 0).evaluate(childAged(9), parents, TODAY).eligible());
        List<Parent> orphanedOne = List.of(parent(ParentRole.FATHER, true, null, true, true), away(ParentRole.MOTHER));
        assertTrue(rule(16, LENIENT, 0).evaluate(childAged(9), orphanedOne, TODAY).eligible(), "mother away, father deceased");
        assertFalse(rule(16, STRICT, 0).evaluate(childAged(9), orphanedOne, TODAY).eligible());
    }

    @Test
    void noParentAwayIsNotLeftBehind() {
        List<Parent> parents = List.of(home(ParentRole.FATHER), home(ParentRole.MOTHER));
        EligibilityReport r = rule(16, LENIENT, 0).evaluate(child(TODAY.minusYears(9), LeftBehindType.BOTH_AWAY, null), parents,
                TODAY);
        assertFalse(r.eligible(), "recorded parents win over the child's leftBehindType");
        assertTrue(criterion(r, "PARENTS_AWAY").detailEn().contains("0/2"), criterion(r, "PARENTS_AWAY").detailEn());
    }

    @Test
    void withoutParentsTheChildsTypeStandsIn() {
        EligibilityRule lenient = rule(16, LENIENT, 0);
        assertTrue(lenient.evaluate(child(TODAY.minusYears(9), LeftBehindType.BOTH_AWAY, null), List.of(), TODAY).eligible());
        for (LeftBehindType t : List.of(LeftBehindType.FATHER_AWAY, LeftBehindType.MOTHER_AWAY, LeftBehindType.NONE)) {
            EligibilityReport r = lenient.evaluate(child(TODAY.minusYears(9), t, null), List.of(), TODAY);
            assertFalse(r.eligible(), t.name());
            assertFalse(criterion(r, "PARENTS_AWAY").met(), t.name());
        }
        assertTrue(rule(16, STRICT, 0).evaluate(child(TODAY.minusYears(9), LeftBehindType.BOTH_AWAY, null), List.of(), TODAY)
                .eligible());
    }

    /**
     * A card filled in for one parent only: the recorded parent wins, and the child's type stands in for the other (it
     * stood in only when no parent was recorded, so a 双留守 child with only the mother's record was no left-behind child,
     * and programmes that honour eligibility dropped it).
     */
    @Test
    void aParentNotRecordedIsTakenFromTheChildsType() {
        EligibilityRule lenient = rule(16, LENIENT, 0);
        Child both = child(TODAY.minusYears(9), LeftBehindType.BOTH_AWAY, null);
        assertTrue(lenient.evaluate(both, List.of(away(ParentRole.MOTHER)), TODAY).eligible(), "mother away, father away by the type");
        assertTrue(rule(16, STRICT, 0).evaluate(both, List.of(away(ParentRole.FATHER)), TODAY).eligible());
        assertFalse(lenient.evaluate(both, List.of(home(ParentRole.MOTHER)), TODAY).eligible(), "the recorded mother is at home");
        Child motherAway = child(TODAY.minusYears(9), LeftBehindType.MOTHER_AWAY, null);
        assertFalse(lenient.evaluate(motherAway, List.of(away(ParentRole.MOTHER)), TODAY).eligible(), "the father is home by the type");
        EligibilityReport withoutCapacity = lenient.evaluate(motherAway, List.of(away(ParentRole.MOTHER),
                parent(ParentRole.FATHER, false, null, false, false)), TODAY);
        assertTrue(withoutCapacity.eligible(), "the recorded father at home has no capacity");
    }

    // ---- months away

    @Test
    void minMonthsAwayCountsFromAwaySince() {
        EligibilityRule rule = rule(18, LENIENT, 6);
        List<Parent> fiveMonths = List.of(parent(ParentRole.FATHER, true, TODAY.minusMonths(5), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(5), true, false));
        EligibilityReport r5 = rule.evaluate(childAged(10), fiveMonths, TODAY);
        assertFalse(r5.eligible());
        assertFalse(criterion(r5, "MONTHS_AWAY").met());
        assertTrue(criterion(r5, "PARENTS_AWAY").met());
        assertTrue(criterion(r5, "MONTHS_AWAY").detailEn().contains("5"), criterion(r5, "MONTHS_AWAY").detailEn());

        List<Parent> sevenMonths = List.of(parent(ParentRole.FATHER, true, TODAY.minusMonths(7), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(7), true, false));
        EligibilityReport r7 = rule.evaluate(childAged(10), sevenMonths, TODAY);
        assertTrue(r7.eligible());
        assertTrue(criterion(r7, "MONTHS_AWAY").met());

        List<Parent> exactlySix = List.of(parent(ParentRole.FATHER, true, TODAY.minusMonths(6), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(6), true, false));
        assertTrue(rule.evaluate(childAged(10), exactlySix, TODAY).eligible());
        assertTexts(r7);
        assertEquals("age<18; BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY; monthsAway>=6", r7.rule());
    }

    @Test
    void allParentsAwayMustHaveBeenAwayLongEnough() {
        EligibilityRule rule = rule(16, LENIENT, 6);
        List<Parent> mixed = List.of(parent(ParentRole.FATHER, true, TODAY.minusYears(3), true, false),
                parent(ParentRole.MOTHER, true, TODAY.minusMonths(2), true, false));
        EligibilityReport r = rule.evaluate(childAged(10), mixed, TODAY);
        assertFalse(r.eligible(), "the mother left only two months ago");
        assertFalse(criterion(r, "MONTHS_AWAY").met());
    }

    @Test
    void unknownAwaySinceFallsBackToLeftBehindSinceElseNotMet() {
        EligibilityRule rule = rule(16, LENIENT, 6);
        List<Parent> unknown = List.of(away(ParentRole.FATHER), away(ParentRole.MOTHER));

        EligibilityReport noDate = rule.evaluate(childAged(10), unknown, TODAY);
        assertFalse(noDate.eligible());
        Criterion months = criterion(noDate, "MONTHS_AWAY");
        assertFalse(months.met());
        assertTrue(months.detailZh().contains("未登记"), months.detailZh());
        assertTexts(noDate);

        Child since8 = child(TODAY.minusYears(10), LeftBehindType.BOTH_AWAY, TODAY.minusMonths(8));
        assertTrue(rule.evaluate(since8, unknown, TODAY).eligible());
        Child since3 = child(TODAY.minusYears(10), LeftBehindType.BOTH_AWAY, TODAY.minusMonths(3));
        assertFalse(rule.evaluate(since3, unknown, TODAY).eligible());
        // no parents recorded: the child's type and date decide
        assertTrue(rule.evaluate(since8, List.of(), TODAY).eligible());
        assertFalse(rule.evaluate(since3, List.of(), TODAY).eligible());
    }

    // ---- the policy component

    private static EligibilityConfig config(int ageCap, ParentRule parentRule, int minMonthsAway) {
        return TestRegistry.eligibility(ageCap, parentRule, minMonthsAway);
    }

    @Test
    void policyBuildsTheConfiguredRuleAndRefusesNonsense() {
        EligibilityPolicy policy = new EligibilityPolicy(config(16, STRICT, 0));
        assertEquals("age<16; BOTH_AWAY; monthsAway>=0", policy.rule().describe());
        policy.modified(config(18, LENIENT, 6));
        assertEquals("age<18; BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY; monthsAway>=6", policy.rule().describe());
        assertThrows(IllegalArgumentException.class, () -> new EligibilityPolicy(config(0, STRICT, 0)));
        assertThrows(IllegalArgumentException.class, () -> new EligibilityPolicy(config(19, STRICT, 0)));
        assertThrows(IllegalArgumentException.class, () -> new EligibilityPolicy(config(16, STRICT, -1)));
        assertThrows(IllegalArgumentException.class, () -> policy.modified(config(40, STRICT, 0)));
        assertEquals("age<18; BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY; monthsAway>=6", policy.rule().describe(),
                "a refused configuration leaves the rule in force");
    }
}
