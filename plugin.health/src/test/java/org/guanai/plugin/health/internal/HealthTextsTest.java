package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestTexts;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

/** The programme's texts in both languages (a missing key fails) and its semesters in the SDK's one representation. */
class HealthTextsTest {
    private final TestTexts texts = new TestTexts();
    private final TestCalendar calendar = TestCalendar.on(LocalDate.of(2027, 1, 10));

    @Test
    void everyCodeAnExportShowsHasALabelInBothLanguages() {
        for (String finding : Screening.FINDINGS) {
            assertLabel("finding." + finding);
        }
        for (String status : List.of("OPEN", "NOTIFIED", "REFERRED", "CLOSED")) {
            assertLabel("status." + status);
        }
        for (String outcome : FollowUpSteps.OUTCOMES) {
            assertLabel("outcome." + outcome);
        }
        assertEquals("治疗中", texts.zh("outcome.UNDER_TREATMENT"));
        assertEquals("测量日期应在本次体检期间（2026-11-01 至 2026-11-30）",
                texts.zh("outsideCampaign", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)));
        assertEquals("The child's record has no birth date or gender: complete the child archive first", texts.en("noBirthDate"));
    }

    private void assertLabel(String key) {
        Label l = texts.label(key);
        assertFalse(l.zh().isBlank() || l.zh().equals(l.en()) || l.zh().matches("[A-Z_]+"), key + ": " + l);
    }

    @Test
    void semestersAreTheSdksKeptInTheirStoredForm() {
        Semester autumn = Semesters.of(calendar, "2026-2027-1").orElseThrow();
        assertEquals(calendar.semester(2026, Term.AUTUMN), autumn);
        assertEquals(calendar.semester(calendar.today()), autumn, "10 January 2027 is in the autumn semester of 2026-2027");
        assertEquals("2026-2027学年秋季学期", autumn.labelZh());
        assertEquals("2026-2027-1", Semesters.code(autumn));
        Semester spring = Semesters.of(calendar, "2026-2027-2").orElseThrow();
        assertEquals(Term.SPRING, spring.term());
        assertEquals(LocalDate.of(2027, 3, 1), spring.start());
        assertEquals("2026-2027-2", Semesters.code(spring));
        assertEquals(Optional.of(spring), Semesters.of(calendar, "2026-SPRING"), "the SDK's id is read too");
        for (String bad : new String[] { null, "", "2026", "2026-2028-1", "2026-2027-3", "2026-2027-1x", "abcd-efgh-1" }) {
            assertTrue(Semesters.of(calendar, bad).isEmpty(), bad);
        }
    }
}
