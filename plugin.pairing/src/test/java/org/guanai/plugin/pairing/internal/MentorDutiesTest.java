package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.care.MentoringRecords.Duty;
import org.guanai.core.api.care.MentoringRecords.MentorDuties;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MentoringRecords#duties}: per mentor, the obligations due and met in a range, counted by hand. */
class MentorDutiesTest {
    private final TestDatabase db = TestDatabase.forProgramme("pairing");
    private final TestCalendar calendar = TestCalendar.on(LocalDate.of(2026, 12, 7));
    private final PairingStore store = new PairingStore(db, calendar);
    private final PairingSettings settings = new PairingSettings(store, new TestTexts(), defaults());
    private final MentoringRecordsProvider records = new MentoringRecordsProvider(store,
            new Obligations(store, settings, calendar, new PairingEvents(), new TestTexts()), calendar);

    /** The configuration with every default. */
    private static PairingConfig defaults() {
        return (PairingConfig) Proxy.newProxyInstance(PairingConfig.class.getClassLoader(), new Class<?>[] { PairingConfig.class },
                (p, m, a) -> m.getDefaultValue());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void record(long mentor, long child, RecordKind kind, LocalDate day) {
        store.insertRecord(new MentorRecord(null, 1, mentor, child, kind, day, List.of(Topic.STUDY), "记录", null, "t"));
    }

    @Test
    void talksAndVisitsDueAndMetPerMentorWithTheChildrenAndDaysPaired() throws Exception {
        Mentor teacher = store.insertMentor(new Mentor(null, 1, MentorKind.TEACHER, 77L, null, "王老师", null, null, null, null, null, true,
                null, null), "t");
        Mentor other = store.insertMentor(new Mentor(null, 2, MentorKind.TEACHER, 78L, null, "别校老师", null, null, null, null, null, true,
                null, null), "t");
        // 教职工结对 from Thursday 1 October: monthly talk per pair, two home visits a week per mentor
        store.insertPair(new Pair(null, 1, 100, teacher.id(), Schemes.STAFF, Status.ACTIVE, LocalDate.of(2026, 10, 1), null, null, null, "t"));
        // a second child from 1 November to 10 November (10 days)
        store.insertPair(new Pair(null, 1, 101, teacher.id(), Schemes.STAFF, Status.ENDED, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 10),
                null, null, "t"));
        store.insertPair(new Pair(null, 2, 200, other.id(), Schemes.STAFF, Status.ACTIVE, LocalDate.of(2026, 10, 1), null, null, null, "t"));
        record(teacher.id(), 100, RecordKind.TALK, LocalDate.of(2026, 10, 10));
        record(teacher.id(), 100, RecordKind.HOME_VISIT, LocalDate.of(2026, 10, 6));
        record(teacher.id(), 100, RecordKind.HOME_VISIT, LocalDate.of(2026, 10, 8));
        record(teacher.id(), 100, RecordKind.HOME_VISIT, LocalDate.of(2026, 10, 13));

        List<MentorDuties> duties = records.duties(1, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30));
        assertEquals(1, duties.size(), "only the school's mentor");
        MentorDuties d = duties.get(0);
        assertEquals("王老师", d.mentorName());
        assertEquals(MentoringRecords.TEACHER, d.mentorKind());
        assertEquals(77L, d.staffId());
        assertEquals(2, d.children());
        assertEquals(61 + 10, d.pairedDays(), "1 Oct – 30 Nov, and 1–10 Nov");
        Map<String, Duty> byKind = d.duties().stream().collect(Collectors.toMap(Duty::kind, x -> x));
        // talks: child 100 in October (met) and November (not); child 101's pair ended before November was over
        assertEquals(new Duty("TALK", 2, 1), byKind.get("TALK"));
        // home visits per mentor: the eight weeks from Monday 5 October to Sunday 29 November; only the first had two
        assertEquals(new Duty("HOME_VISIT", 8, 1), byKind.get("HOME_VISIT"));
        assertTrue(byKind.containsKey("PARENT_CALL"));

        assertTrue(records.duties(1, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30)).isEmpty(), "nobody paired yet");
    }
}
