package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Notice;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** An overdue follow-up as a notice (issue 19): named by its finding in both languages, once per follow-up, no name. */
class OverdueNoticeTest {
    @Test
    void anOverdueFollowUpIsANoticeToTheHealthWorkersOncePerFollowUp() {
        FollowUp f = new FollowUp(42L, 7L, 3L, 5L, 2L, "OBESITY", null, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 8),
                List.of("GUARDIAN", "MOTHER"), null, null, null, null, null, null, 0, "hw", List.of(), "OPEN", true);
        Notice n = OverdueWatch.notice(new TestTexts(), f);
        assertEquals("FOLLOWUP_OVERDUE", n.kind());
        assertEquals(Set.of(Role.HEALTH_WORKER, Role.SCHOOL_ADMIN), n.audience().roles());
        assertEquals("体检复查通知逾期：肥胖", n.subjectZh());
        assertEquals("Health follow-up overdue: Obesity", n.subjectEn());
        assertEquals("一名儿童因“肥胖”需要复查，应在 2026-11-08 前通知其家长和监护人，至今尚未全部通知。", n.bodyZh());
        assertFalse(n.bodyEn().contains("OBESITY"), n.bodyEn());
        assertEquals("health:followup-overdue:42", n.dedupKey());
        assertEquals(7L, n.childId());
        assertEquals(3, n.schoolId());
    }
}
