package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.Gender;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's SQL with the programme's real migrations, on H2 in PostgreSQL mode (or on PostgreSQL with
 * {@code -Dguanai.test.postgres=…}); the report's counts and rates.
 */
class HealthStoreTest {
    private final LocalDate today = LocalDate.of(2026, 11, 20);
    private final TestDatabase db = TestDatabase.forProgramme("health");
    private final HealthStore store = new HealthStore(db, TestCalendar.on(today));
    private final Screening screening = new Screening(new References());

    @AfterEach
    void close() {
        db.close();
    }

    private long check(long campaign, long child, LocalDate on, double h, double w) throws Exception {
        Screening.Outcome o = screening.screen(Gender.MALE, LocalDate.of(2016, 3, 1), on, h, w, 100, 60);
        return store.tx(sql -> store.saveCheck(sql, new Check(null, campaign, child, 1, 5L, "MALE", LocalDate.of(2016, 3, 1), on,
                BigDecimal.valueOf(o.ageMonths()).setScale(2, java.math.RoundingMode.HALF_UP), BigDecimal.valueOf(h), BigDecimal.valueOf(w),
                100, 60, o.bmi(), o.flagged(), null, 0, "t", null, List.of(new Model.Measure("caries", BigDecimal.ONE, null, "颗")),
                o.results())));
    }

    private long followUp(long campaign, long child, long check, String finding, LocalDate opened, List<String> who) throws Exception {
        return store.tx(sql -> store.openFollowUp(sql, new FollowUp(null, child, 1, check, campaign, finding, "d", opened, opened.plusDays(7), who,
                null, null, null, null, null, null, 1, "t", List.of(), "OPEN", false))).orElseThrow();
    }

    @Test
    void checksScreeningFollowUpsAndTheReport() throws Exception {
        Campaign k = store.tx(sql -> store.createCampaign(sql, new Campaign(null, 1, "2026-2027-1", "秋季", LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30), 7, "t", null)));
        LocalDate on = LocalDate.of(2026, 11, 2);
        long obese = check(k.id(), 10, on, 140, 45);
        long normal = check(k.id(), 11, on, 140, 32);
        Check stored = store.read(sql -> store.check(sql, obese)).orElseThrow();
        assertTrue(stored.flagged());
        assertEquals("OBESITY", stored.screening().stream().filter(r -> r.indicator().equals("WST586")).findFirst().orElseThrow().category());
        assertEquals("WS/T 586-2018", stored.screening().get(0).referenceId()); // ordered: WS/T 586 first
        assertEquals(1, stored.measures().size());
        // one follow-up per check and finding
        long f1 = followUp(k.id(), 10, obese, "OBESITY", on, List.of("GUARDIAN", "FATHER", "MOTHER"));
        assertTrue(store.tx(sql -> store.openFollowUp(sql, store.followUp(sql, f1, today).orElseThrow())).isEmpty());
        long f2 = followUp(k.id(), 11, normal, "HIGH_BP", on, List.of("GUARDIAN", "MOTHER"));
        long f3 = followUp(k.id(), 11, normal, "STUNTING", on, List.of("GUARDIAN"));
        // f1: every required person told (parents on time); f2: only the guardian; f3: nobody (no parent required)
        for (String who : List.of("GUARDIAN", "FATHER", "MOTHER")) {
            store.tx(sql -> {
                store.addNotification(sql, new Notification(null, f1, who, null, on.plusDays(who.equals("MOTHER") ? 3 : 1), "PHONE", null, "t", null));
                store.updateNotified(sql, f1);
                return null;
            });
        }
        store.tx(sql -> {
            store.addNotification(sql, new Notification(null, f2, "GUARDIAN", null, on.plusDays(1), "VISIT", null, "t", null));
            store.updateNotified(sql, f2);
            return null;
        });
        FollowUp one = store.read(sql -> store.followUp(sql, f1, today)).orElseThrow();
        assertEquals(on.plusDays(3), one.notifiedOn());
        assertEquals("NOTIFIED", one.status());
        assertFalse(one.overdue());
        FollowUp two = store.read(sql -> store.followUp(sql, f2, today)).orElseThrow();
        assertNull(two.notifiedOn());
        assertTrue(two.overdue());
        assertEquals(2, store.read(sql -> store.followUps(sql, 1, null, "overdue", today)).size());
        assertEquals(0, store.read(sql -> store.followUps(sql, 1, null, "overdue", on.plusDays(7))).size());

        Map<String, Object> row = store.read(sql -> store.report(sql, 1, today)).get(0);
        assertEquals(2L, row.get("checks"));
        assertEquals(1L, row.get("flagged"));
        assertEquals(3L, row.get("followUps"));
        assertEquals(2L, row.get("followUpsWithParents"));
        assertEquals(1L, row.get("parentsNotified"));
        assertEquals(new BigDecimal("0.500"), row.get("parentsNotifiedRate"));
        assertEquals(2L, row.get("overdue"));
        assertEquals(1L, ((Map<?, ?>) row.get("findings")).get("OBESITY"));
        assertEquals(0L, row.get("pubertyClasses"));
        store.tx(sql -> store.addPubertyClass(sql, new Model.PubertyClass(null, 1, "2026-2027-1", on, "青春期", null,
                List.of(new Model.Attendance(10, true), new Model.Attendance(11, false))), "t"));
        row = store.read(sql -> store.report(sql, 1, today)).get(0);
        assertEquals(1L, row.get("pubertyClasses"));
        assertEquals(1L, row.get("pubertyAttendees"));

        // overdue ones are posted once: only the first to mark one posts it (another node, or a late check, finds it marked)
        assertEquals(2, store.read(sql -> store.overdueNotPosted(sql, today)).size());
        assertTrue((boolean) store.tx(sql -> store.markPosted(sql, f2)));
        assertFalse((boolean) store.tx(sql -> store.markPosted(sql, f2)));
        assertEquals(List.of(f3), store.read(sql -> store.overdueNotPosted(sql, today)).stream().map(FollowUp::id).toList());
        // stale versions are refused
        assertFalse((boolean) store.tx(sql -> store.close(sql, f3, 99, "RESOLVED", null, today)));
        long v = store.read(sql -> store.followUp(sql, f3, today)).orElseThrow().version();
        assertTrue((boolean) store.tx(sql -> store.close(sql, f3, v, "RESOLVED", null, today)));
        assertEquals("CLOSED", store.read(sql -> store.followUp(sql, f3, today)).orElseThrow().status());
    }
}
