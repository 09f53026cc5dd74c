package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.junit.jupiter.api.Test;

/** Who may record a contact with a child (issue 19: the class teacher is the default mentor of her unpaired pupils). */
class RecordingTest {
    private static final LocalDate ON = LocalDate.of(2026, 11, 20);
    private static final Child PUPIL = Child.builder().id(100L).name("王小一").schoolId(1L).classId(9L).build();

    private static Mentor mentor(long id, MentorKind kind, Long classId, boolean active) {
        return new Mentor(id, 1, kind, kind == MentorKind.TEACHER ? id : null, null, "李老师", null, null, classId, null, null, active, null, null);
    }

    private static Pair pair(long mentor, Status status, LocalDate from, LocalDate to) {
        return new Pair(1L, 1, 100, mentor, Schemes.STAFF, status, from, to, null, null, "t");
    }

    @Test
    void aPairedMentorRecordsWhileThePairIsInForce() {
        Mentor m = mentor(5, MentorKind.LOVING_MOTHER, null, true);
        assertTrue(Recording.mayRecord(List.of(pair(5, Status.ACTIVE, ON.minusDays(10), null)), m, PUPIL, ON));
        assertFalse(Recording.mayRecord(List.of(pair(5, Status.ACTIVE, ON.plusDays(1), null)), m, PUPIL, ON), "before it started");
        assertFalse(Recording.mayRecord(List.of(pair(5, Status.PENDING, ON.minusDays(10), null)), m, PUPIL, ON), "pending");
        assertFalse(Recording.mayRecord(List.of(), m, PUPIL, ON), "a 爱心妈妈 is never a default mentor");
    }

    @Test
    void theHeadTeacherOfTheChildsClassRecordsForAChildWithNoPairInForce() {
        Mentor head = mentor(7, MentorKind.TEACHER, 9L, true);
        assertTrue(Recording.mayRecord(List.of(), head, PUPIL, ON));
        assertTrue(Recording.mayRecord(List.of(pair(5, Status.ENDED, ON.minusDays(60), ON.minusDays(30))), head, PUPIL, ON),
                "a pair that ended leaves the child to its class teacher");
        assertFalse(Recording.mayRecord(List.of(pair(5, Status.ACTIVE, ON.minusDays(10), null)), head, PUPIL, ON),
                "a paired child is its mentors'");
        assertFalse(Recording.mayRecord(List.of(), mentor(8, MentorKind.TEACHER, 10L, true), PUPIL, ON), "another class's teacher");
        assertFalse(Recording.mayRecord(List.of(), mentor(9, MentorKind.TEACHER, null, true), PUPIL, ON), "a subject teacher");
        assertFalse(Recording.mayRecord(List.of(), mentor(7, MentorKind.TEACHER, 9L, false), PUPIL, ON), "a teacher who left");
        assertFalse(Recording.mayRecord(List.of(), head, Child.builder().id(101L).name("王小二").schoolId(2L).classId(9L).build(), ON),
                "a child of another school");
    }
}
