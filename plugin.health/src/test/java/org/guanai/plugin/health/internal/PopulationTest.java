package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.plugin.health.internal.Model.Household;
import org.junit.jupiter.api.Test;

/** The population rules of domain §7 [002 L375, L377, L383, L385]. */
class PopulationTest {
    private static Child child(Gender g, LeftBehindType type, Set<ChildFlag> flags) {
        return new Child(1L, 1, "王小", g, LocalDate.of(2015, 1, 1), null, null, null, 1L, 1L, null, null, null, type, null, false, null, null,
                flags, false, null, null);
    }

    private static Household household(boolean fp, boolean one, boolean girls, boolean two, boolean hardship) {
        return new Household(1, 1, 1, fp, one, girls, two, hardship, null, "t", null);
    }

    private static Parent parent(ParentRole role, boolean away, boolean capable, boolean deceased) {
        return new Parent(1L, 1, 1, role, "x", null, null, away, null, null, null, null, null, null, null, null, capable, deceased);
    }

    private static final List<Parent> BOTH_AWAY = List.of(parent(ParentRole.FATHER, true, true, false), parent(ParentRole.MOTHER, true, true, false));

    @Test
    void keyTargetsAreOneChildOrGirlsHouseholdsWithBothParentsAway() {
        var a = Population.assess(child(Gender.MALE, LeftBehindType.BOTH_AWAY, Set.of()), household(true, true, false, false, false), BOTH_AWAY, 4);
        assertTrue(a.keyTarget());
        assertTrue(a.reasons().containsAll(List.of(Population.KEY_TARGET, Population.FP_LEFT_BEHIND, Population.AID)));
        // only the father away: in the population, not a key target
        var b = Population.assess(child(Gender.MALE, LeftBehindType.FATHER_AWAY, Set.of()), household(true, true, false, false, false),
                List.of(parent(ParentRole.FATHER, true, true, false), parent(ParentRole.MOTHER, false, true, false)), 4);
        assertFalse(b.keyTarget());
        assertTrue(b.inPopulation());
        var girls = Population.assess(child(Gender.FEMALE, LeftBehindType.BOTH_AWAY, Set.of()), household(true, false, true, false, false),
                BOTH_AWAY, 4);
        assertTrue(girls.keyTarget());
        assertTrue(girls.reasons().contains(Population.GIRL_HOUSEHOLD));
    }

    @Test
    void noFamilyPlanningHouseholdNoPopulation() {
        assertFalse(Population.assess(child(Gender.FEMALE, LeftBehindType.BOTH_AWAY, Set.of()), null, BOTH_AWAY, 6).inPopulation());
        assertFalse(Population.assess(child(Gender.FEMALE, LeftBehindType.BOTH_AWAY, Set.of()), household(false, true, true, false, true),
                BOTH_AWAY, 6).inPopulation());
    }

    @Test
    void hardshipFromTheRecordOrFromTheRegistry() {
        var recorded = Population.assess(child(Gender.MALE, LeftBehindType.NONE, Set.of()), household(true, false, false, false, true), BOTH_AWAY, 3);
        assertEquals(List.of(Population.HARDSHIP), recorded.reasons());
        var disabled = Population.assess(child(Gender.MALE, LeftBehindType.NONE, Set.of(ChildFlag.DISABLED)), household(true, false, false, false, false),
                BOTH_AWAY, 3);
        assertEquals(List.of(Population.HARDSHIP), disabled.reasons());
        var deadParent = Population.assess(child(Gender.MALE, LeftBehindType.NONE, Set.of()), household(true, false, false, false, false),
                List.of(parent(ParentRole.FATHER, false, true, true)), 3);
        assertEquals(List.of(Population.HARDSHIP), deadParent.reasons());
        var ill = Population.assess(child(Gender.MALE, LeftBehindType.NONE, Set.of()), household(true, false, false, false, false),
                List.of(parent(ParentRole.MOTHER, false, false, false)), 3);
        assertEquals(List.of(Population.HARDSHIP), ill.reasons());
    }

    @Test
    void pubertyClassFromGradeFive() {
        assertFalse(Population.assess(child(Gender.MALE, LeftBehindType.BOTH_AWAY, Set.of()), null, BOTH_AWAY, 4).pubertyClassEligible());
        assertTrue(Population.assess(child(Gender.MALE, LeftBehindType.BOTH_AWAY, Set.of()), null, BOTH_AWAY, 5).pubertyClassEligible());
        assertFalse(Population.assess(child(Gender.MALE, LeftBehindType.BOTH_AWAY, Set.of()), null, BOTH_AWAY, null).pubertyClassEligible());
        assertTrue(Population.assess(child(Gender.MALE, LeftBehindType.BOTH_AWAY, Set.of()), household(true, false, false, true, false), BOTH_AWAY, 9)
                .reasons().contains(Population.AID));
    }
}
