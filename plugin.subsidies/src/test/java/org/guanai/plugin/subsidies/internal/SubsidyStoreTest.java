package org.guanai.plugin.subsidies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.guanai.plugin.subsidies.internal.Model.Application;
import org.guanai.plugin.subsidies.internal.Model.Entry;
import org.guanai.plugin.subsidies.internal.Model.EntryKind;
import org.guanai.plugin.subsidies.internal.Model.Fund;
import org.guanai.plugin.subsidies.internal.Model.Level;
import org.guanai.plugin.subsidies.internal.Model.Status;
import org.guanai.plugin.subsidies.internal.Model.Total;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store on the real migration (H2 in PostgreSQL mode, or PostgreSQL with -Dguanai.test.postgres). */
class SubsidyStoreTest {
    static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");
    private final TestDatabase db = TestDatabase.forProgramme(SubsidiesProgramme.ID);
    private final SubsidyStore store = new SubsidyStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    static Application application(long school, long child, String fund, String semester, String amount) {
        return new Application(0, school, child, null, fund, semester, new BigDecimal(amount), "家庭困难", Status.SUBMITTED, "t", AT, null, null, null,
                null, null);
    }

    static Entry fact(long school, long child, String fund, String amount, LocalDate on) {
        return new Entry(0, school, child, fund, "2026-AUTUMN", EntryKind.FACT, null, null, null, new BigDecimal(amount), on, null, null, "t", AT);
    }

    /** An application approved by the school and the county, then paid. */
    Entry paid(long school, long child, String fund, String amount, LocalDate on) {
        Application a = store.apply(application(school, child, fund, "2026-AUTUMN", amount), true);
        store.decide(school, a.id(), false, true, null, "head", AT);
        store.decide(school, a.id(), true, true, null, "county", AT);
        return store.pay(school, a.id(), new BigDecimal(amount), on, "P-" + child, "t", AT);
    }

    @Test
    void theMigrationSeedsTheFundsAndTheCountysAmounts() {
        List<Fund> funds = store.funds();
        assertEquals(List.of("STUDY_LIVING", "TWO_EXEMPTIONS", "TUITION", "FP_EDUCATION", "FP_MEDICAL", "FP_POVERTY", "FP_LIVING", "FP_REWARD",
                "CA_MINIMUM", "CA_ORPHAN", "CA_TEMPORARY", "CA_MEDICAL"), funds.stream().map(Fund::code).toList());
        assertEquals(new BigDecimal("500.00"), store.amount("STUDY_LIVING", Level.PRIMARY, 2026).orElseThrow());
        assertEquals(new BigDecimal("800.00"), store.amount("STUDY_LIVING", Level.JUNIOR, 2026).orElseThrow());
        assertEquals(new BigDecimal("1300.00"), store.amount("STUDY_LIVING", Level.SENIOR, 2026).orElseThrow());
        assertEquals(true, store.amount("TUITION", Level.PRIMARY, 2026).isEmpty(), "entered per application");
    }

    @Test
    void aNewAmountHoldsFromItsSchoolYearOn() {
        store.setRate("STUDY_LIVING", Level.PRIMARY, 2027, new BigDecimal("650.50"), "county");
        assertEquals(new BigDecimal("500.00"), store.amount("STUDY_LIVING", Level.PRIMARY, 2026).orElseThrow());
        assertEquals(new BigDecimal("650.50"), store.amount("STUDY_LIVING", Level.PRIMARY, 2027).orElseThrow());
        assertEquals(new BigDecimal("650.50"), store.amount("STUDY_LIVING", Level.PRIMARY, 2030).orElseThrow());
        store.setRate("STUDY_LIVING", Level.PRIMARY, 2027, new BigDecimal("600.00"), "county");
        assertEquals(new BigDecimal("600.00"), store.amount("STUDY_LIVING", Level.PRIMARY, 2027).orElseThrow(), "the same year replaced");
    }

    @Test
    void anApplicationGoesThroughTheSchoolAndTheCountyOnceOnly() {
        Application a = store.apply(application(1, 5, "STUDY_LIVING", "2026-AUTUMN", "500.00"), true);
        assertEquals(Status.SUBMITTED, a.status());
        assertEquals("duplicate", assertThrows(ConflictException.class,
                () -> store.apply(application(1, 5, "STUDY_LIVING", "2026-AUTUMN", "500.00"), true)).code());
        assertEquals("notSchoolApproved", assertThrows(ConflictException.class, () -> store.decide(1, a.id(), true, true, null, "c", AT)).code());
        assertEquals("notFound", assertThrows(ConflictException.class, () -> store.decide(2, a.id(), false, true, null, "h", AT)).code(),
                "another school's");
        assertEquals(Status.SCHOOL_APPROVED, store.decide(1, a.id(), false, true, null, "head", AT).status());
        assertEquals("notSubmitted", assertThrows(ConflictException.class, () -> store.decide(1, a.id(), false, true, null, "h", AT)).code());
        assertEquals("notApproved", assertThrows(ConflictException.class,
                () -> store.pay(1, a.id(), new BigDecimal("500.00"), LocalDate.of(2026, 12, 1), null, "t", AT)).code());
        Application refused = store.decide(1, a.id(), true, false, "收入超过标准", "county", AT);
        assertEquals(Status.REFUSED, refused.status());
        assertEquals("收入超过标准", refused.refusal());
        assertEquals("county", refused.countyBy());
        // refused: the child's semester is free for a new application
        assertEquals(Status.SUBMITTED, store.apply(application(1, 5, "STUDY_LIVING", "2026-AUTUMN", "500.00"), true).status());
        // one-off funds: several
        store.apply(application(1, 5, "FP_MEDICAL", "2026-AUTUMN", "300.00"), false);
        store.apply(application(1, 5, "FP_MEDICAL", "2026-AUTUMN", "300.00"), false);
        assertEquals(4, store.applications(1, "2026-AUTUMN", null).size());
        assertEquals(1, store.applications(1, null, Status.REFUSED).size());
    }

    @Test
    void aPaymentEntersTheLedgerAndAReversalNamesItNeverChangingIt() {
        Entry p = paid(1, 5, "STUDY_LIVING", "1300.00", LocalDate.of(2026, 11, 20));
        assertEquals(EntryKind.PAYMENT, p.kind());
        assertEquals(Status.PAID, store.application(1, p.applicationId()).orElseThrow().status());
        assertEquals("overApproved", assertThrows(ConflictException.class, () -> {
            Application a = store.apply(application(1, 6, "TUITION", "2026-AUTUMN", "100.00"), true);
            store.decide(1, a.id(), false, true, null, "h", AT);
            store.decide(1, a.id(), true, true, null, "c", AT);
            store.pay(1, a.id(), new BigDecimal("100.01"), LocalDate.of(2026, 12, 1), null, "t", AT);
        }).code());

        Entry r = store.reverse(1, p.id(), "金额有误", LocalDate.of(2026, 12, 7), "head", AT);
        assertEquals(EntryKind.REVERSAL, r.kind());
        assertEquals(p.id(), r.reversesId());
        assertEquals(new BigDecimal("-1300.00"), r.amount());
        assertEquals("金额有误", r.note());
        assertEquals("2026-AUTUMN", r.semester());
        assertEquals("reversed", assertThrows(ConflictException.class, () -> store.reverse(1, p.id(), "再次", LocalDate.of(2026, 12, 7), "h", AT)).code());
        assertEquals("reversal", assertThrows(ConflictException.class, () -> store.reverse(1, r.id(), "x", LocalDate.of(2026, 12, 7), "h", AT)).code());
        assertEquals("notFound", assertThrows(ConflictException.class, () -> store.reverse(2, p.id(), "x", LocalDate.of(2026, 12, 7), "h", AT)).code());
        // the payment reversed, the application can be paid again, right
        assertEquals(Status.APPROVED, store.application(1, p.applicationId()).orElseThrow().status());
        Entry again = store.pay(1, p.applicationId(), new BigDecimal("800.00"), LocalDate.of(2026, 12, 7), "P-5b", "t", AT);

        List<Entry> ledger = store.ledger(5);
        assertEquals(List.of(p.id(), r.id(), again.id()), ledger.stream().map(Entry::id).toList());
        assertEquals(r.id(), ledger.get(0).reversedBy());
        assertEquals(new BigDecimal("1300.00"), ledger.get(0).amount(), "the reversed entry as it was");
        assertNull(ledger.get(2).reversedBy());
        assertEquals(new BigDecimal("800.00"), ledger.stream().map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @Test
    void totalsPerFundAreExactAndNetOfReversals() {
        paid(1, 5, "STUDY_LIVING", "500.00", LocalDate.of(2026, 10, 9));
        paid(1, 6, "STUDY_LIVING", "800.00", LocalDate.of(2026, 10, 9));
        Entry wrong = paid(1, 7, "STUDY_LIVING", "1300.00", LocalDate.of(2026, 10, 9));
        store.reverse(1, wrong.id(), "不符合条件", LocalDate.of(2026, 11, 1), "h", AT);
        // 0.10 + 0.20 is 0.30 exactly, as no double would give it
        store.fact(fact(1, 5, "CA_TEMPORARY", "0.10", LocalDate.of(2026, 11, 3)));
        store.fact(fact(1, 6, "CA_TEMPORARY", "0.20", LocalDate.of(2026, 11, 4)));
        store.fact(fact(1, 6, "CA_MINIMUM", "333.33", LocalDate.of(2026, 11, 5)));
        store.fact(fact(1, 6, "CA_MINIMUM", "333.33", LocalDate.of(2026, 12, 5)));
        store.fact(fact(1, 6, "CA_MINIMUM", "333.34", LocalDate.of(2027, 1, 5)));
        store.fact(fact(2, 9, "CA_MINIMUM", "999.99", LocalDate.of(2026, 11, 5)));
        Entry spring = fact(1, 5, "CA_MEDICAL", "50.00", LocalDate.of(2027, 3, 5));
        store.fact(new Entry(0, 1, 5, "CA_MEDICAL", "2026-SPRING", EntryKind.FACT, null, null, null, spring.amount(), spring.paidOn(), null, null, "t",
                AT));

        List<Total> totals = store.totals(1, "2026-AUTUMN");
        assertEquals(List.of(new Total("STUDY_LIVING", 2, 2, new BigDecimal("1300.00")), new Total("CA_MINIMUM", 1, 3, new BigDecimal("1000.00")),
                new Total("CA_TEMPORARY", 2, 2, new BigDecimal("0.30"))), totals);
        assertEquals(List.of(), store.totals(3, "2026-AUTUMN"));
        assertEquals(9, store.entries(1, "2026-AUTUMN").size(), "three payments, a reversal and five facts of the semester");
    }

    @Test
    void theFiguresCountChildrenAndPaymentsThatStandByTheDayPaid() {
        paid(1, 5, "STUDY_LIVING", "500.00", LocalDate.of(2026, 10, 9));
        Entry wrong = paid(1, 6, "STUDY_LIVING", "800.00", LocalDate.of(2026, 10, 9));
        store.reverse(1, wrong.id(), "重复", LocalDate.of(2026, 10, 10), "h", AT);
        store.fact(fact(1, 5, "CA_MINIMUM", "300.00", LocalDate.of(2026, 12, 31)));
        store.fact(fact(1, 7, "CA_MINIMUM", "300.00", LocalDate.of(2026, 9, 30)));
        store.fact(fact(2, 8, "CA_MINIMUM", "300.00", LocalDate.of(2026, 11, 1)));
        assertEquals(new SubsidyStore.Figures(1, 2), store.figures(1, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31)));
        assertEquals(new SubsidyStore.Figures(1, 1), store.figures(1, LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30)));
        assertEquals(new SubsidyStore.Figures(0, 0), store.figures(1, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31)));
        assertEquals(0, store.waiting(1)[0]);
    }
}
