package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.care.MentoringRecords.ChildMentoring;
import org.guanai.core.api.care.MentoringRecords.Contact;
import org.guanai.core.api.care.MentoringRecords.Mentoring;
import org.guanai.plugin.activities.internal.Coverage.PairEvidence;
import org.junit.jupiter.api.Test;

/** The pairing programme's records as the 九个一 items (3) 一帮一 and (4) 爱心妈妈 count them. */
class PairingLinkTest {
    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    private static Mentoring pair(long id, String scheme, String kind, long mentor, String start) {
        return Mentoring.builder(id).scheme(scheme).mentor(kind, mentor).period(d(start), null).build();
    }

    /**
     * Regression (issue 19): item (3) names the pupil-to-pupil pair (小老师 [000 L703-705]); a teacher's pair, or the
     * teacher of a 二对一, credited it before.
     */
    @Test
    void oneHelpsOneIsCreditedByAPupilPairOnly() {
        ChildMentoring teacherOnly = new ChildMentoring(1, List.of(pair(1, "STAFF", MentoringRecords.TEACHER, 10, "2026-09-01"),
                pair(2, "CADRE_TEACHER", MentoringRecords.CADRE, 11, "2026-09-01")), List.of());
        ChildMentoring peer = new ChildMentoring(2, List.of(pair(3, "PEER", MentoringRecords.PEER, 12, "2026-10-08")), List.of());
        Map<Long, PairEvidence> found = PairingLink.talks(List.of(teacherOnly, peer), PairingLink.ONE_HELPS_ONE);
        assertFalse(found.containsKey(1L), found.toString());
        assertEquals(new PairEvidence(d("2026-10-08"), List.of()), found.get(2L));
    }

    /** Item (4): the 爱心妈妈's pairs, since the earliest, with her talks only (not the teacher's, not her home visits). */
    @Test
    void lovingMotherTalksCountFromTheEarliestPair() {
        ChildMentoring child = new ChildMentoring(1, List.of(pair(1, "STAFF", MentoringRecords.TEACHER, 10, "2026-09-01"),
                pair(2, "LOVING_MOTHER", MentoringRecords.LOVING_MOTHER, 20, "2026-10-14"),
                pair(3, "LOVING_MOTHER", MentoringRecords.LOVING_MOTHER, 21, "2026-11-02")),
                List.of(new Contact(MentoringRecords.TALK, d("2026-10-15"), 20), new Contact(MentoringRecords.TALK, d("2026-10-16"), 10),
                        new Contact(MentoringRecords.HOME_VISIT, d("2026-10-17"), 20), new Contact(MentoringRecords.TALK, d("2026-11-03"), 21)));
        assertEquals(Map.of(1L, new PairEvidence(d("2026-10-14"), List.of(d("2026-10-15"), d("2026-11-03")))),
                PairingLink.talks(List.of(child), PairingLink.LOVING_MOTHER));
    }
}
