package org.guanai.core.registry.internal.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianCapacity;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.junit.jupiter.api.Test;

/** The guardianship rules of domain §3.2–3.3 on records alone. */
class GuardianshipRulesTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    private static Child child(LocalDate birth, boolean unattended) {
        return Child.builder().id(1L).name("李小明").gender(Gender.MALE).birthDate(birth).schoolId(1L)
                .leftBehindType(LeftBehindType.BOTH_AWAY).unattended(unattended).build();
    }

    private static Guardian guardian(GuardianKind kind, Integer age, LocalDate birth, GuardianCapacity capacity) {
        return Guardian.builder().childId(1L).kind(kind).name("李某").age(age).birthDate(birth).capacity(capacity).primary(true)
                .build();
    }

    private static final Child TEN = child(DAY.minusYears(10), false);

    @Test
    void aChildUnder16MarkedAloneWithNoGuardianRaisesAnAlert() {
        assertEquals(Set.of(AlertReason.UNATTENDED), GuardianshipRules.reasons(child(DAY.minusYears(10), true), List.of(), DAY));
    }

    @Test
    void regressionAFourteenYearOldAcceptedAsPrimaryGuardianRaisesAnAlert() {
        Guardian sister = guardian(GuardianKind.RELATIVE, 14, null, null);
        assertEquals(Set.of(AlertReason.GUARDIAN_MINOR), GuardianshipRules.reasons(TEN, List.of(sister), DAY));
    }

    @Test
    void aGuardianWithoutCapacityRaisesAnAlertAndAnAbleOneBesideEndsIt() {
        Guardian grandma = guardian(GuardianKind.GRANDPARENTS, 82, null, GuardianCapacity.INCAPABLE);
        assertEquals(Set.of(AlertReason.GUARDIAN_INCAPABLE), GuardianshipRules.reasons(TEN, List.of(grandma), DAY));
        Guardian grandpa = guardian(GuardianKind.GRANDPARENTS, 80, null, GuardianCapacity.CAPABLE);
        assertEquals(Set.of(), GuardianshipRules.reasons(TEN, List.of(grandma, grandpa), DAY));
    }

    @Test
    void bothReasonsWhenOneGuardianIsAMinorAndTheOtherWithoutCapacity() {
        assertEquals(Set.of(AlertReason.GUARDIAN_MINOR, AlertReason.GUARDIAN_INCAPABLE), GuardianshipRules.reasons(TEN,
                List.of(guardian(GuardianKind.RELATIVE, 15, null, null),
                        guardian(GuardianKind.GRANDPARENTS, 85, null, GuardianCapacity.INCAPABLE)), DAY));
    }

    @Test
    void aChildAloneIsCoveredOnlyByAnAbleAdultDelegatedOrTemporaryGuardian() {
        Child alone = child(DAY.minusYears(9), true);
        assertEquals(Set.of(AlertReason.UNATTENDED),
                GuardianshipRules.reasons(alone, List.of(guardian(GuardianKind.GRANDPARENTS, 70, null, null)), DAY),
                "a grandparent on the card does not end 无人监护: the mark says nobody cares for the child");
        assertEquals(Set.of(AlertReason.UNATTENDED, AlertReason.GUARDIAN_MINOR),
                GuardianshipRules.reasons(alone, List.of(guardian(GuardianKind.DELEGATED, 17, null, null)), DAY));
        assertEquals(Set.of(AlertReason.UNATTENDED, AlertReason.GUARDIAN_INCAPABLE), GuardianshipRules.reasons(alone,
                List.of(guardian(GuardianKind.TEMPORARY, 40, null, GuardianCapacity.INCAPABLE)), DAY));
        assertEquals(Set.of(), GuardianshipRules.reasons(alone, List.of(guardian(GuardianKind.DELEGATED, 40, null, null)), DAY));
        assertEquals(Set.of(), GuardianshipRules.reasons(alone, List.of(guardian(GuardianKind.TEMPORARY, null, null, null)), DAY),
                "a guardian of unknown age counts as adult");
    }

    @Test
    void aChildOf16OrAnArchivedOneRaisesNothing() {
        Guardian minor = guardian(GuardianKind.RELATIVE, 14, null, null);
        Child sixteenToday = child(DAY.minusYears(16), true);
        assertEquals(Set.of(), GuardianshipRules.reasons(sixteenToday, List.of(minor), DAY));
        Child sixteenTomorrow = child(DAY.minusYears(16).plusDays(1), true);
        assertEquals(Set.of(AlertReason.UNATTENDED, AlertReason.GUARDIAN_MINOR),
                GuardianshipRules.reasons(sixteenTomorrow, List.of(minor), DAY));
        assertEquals(Set.of(), GuardianshipRules.reasons(sixteenTomorrow, List.of(minor), DAY.plusDays(1)));
        assertEquals(Set.of(), GuardianshipRules.reasons(child(DAY.minusYears(10), true).toBuilder().archived(true).build(),
                List.of(minor), DAY));
    }

    @Test
    void theBirthDateGivesTheAgeOfTheDayAndOutranksTheWrittenAge() {
        Guardian brother = guardian(GuardianKind.RELATIVE, 30, DAY.minusYears(18).plusDays(1), null);
        assertEquals(17, GuardianshipRules.ageOn(brother, DAY));
        assertEquals(Set.of(AlertReason.GUARDIAN_MINOR), GuardianshipRules.reasons(TEN, List.of(brother), DAY));
        assertEquals(Set.of(), GuardianshipRules.reasons(TEN, List.of(brother), DAY.plusDays(1)), "turns 18 the next day");
    }

    @Test
    void aChildWithoutGuardiansNotMarkedAloneRaisesNothing() {
        assertEquals(Set.of(), GuardianshipRules.reasons(TEN, List.of(), DAY));
    }
}
