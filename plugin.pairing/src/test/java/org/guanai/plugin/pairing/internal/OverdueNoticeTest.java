package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Notice;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** An overdue obligation period as a notice (issue 19): its kind in words, the counts, once per period. */
class OverdueNoticeTest {
    @Test
    void anOverduePeriodIsANoticeToTheSchoolsAdministrators() {
        Obligations.ObligationView v = new Obligations.ObligationView("ONE_TO_ONE", "TALK", "MONTH", 2, "PAIR", 9L, "王老师",
                "TEACHER", 7L, null, 4L, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), 1, false, "scheme");
        Notice n = Obligations.notice(new TestTexts(), 3, v, "3/9/7/TALK/MONTH/2026-10-01");
        assertEquals("OBLIGATION_OVERDUE", n.kind());
        assertEquals(Set.of(Role.SCHOOL_ADMIN), n.audience().roles());
        assertEquals("结对帮扶任务逾期：谈心", n.subjectZh());
        assertEquals("Mentoring duty overdue: Talk", n.subjectEn());
        assertEquals("王老师在 2026-10-01 至 2026-10-31 期间完成谈心 1 次，要求至少 2 次。", n.bodyZh());
        assertEquals("王老师: Talk done 1 times from 2026-10-01 to 2026-10-31; at least 2 required.", n.bodyEn());
        assertEquals("pairing:overdue:3/9/7/TALK/MONTH/2026-10-01", n.dedupKey());
        assertEquals("/#/p/pairing", n.link());
    }
}
