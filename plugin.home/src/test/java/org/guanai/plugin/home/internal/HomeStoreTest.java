package org.guanai.plugin.home.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Equipment;
import org.guanai.plugin.home.internal.Model.Hours;
import org.guanai.plugin.home.internal.Model.Item;
import org.guanai.plugin.home.internal.Model.Loan;
import org.guanai.plugin.home.internal.Model.Range;
import org.guanai.plugin.home.internal.Model.Standard;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store on the programme's real migrations (H2 in PostgreSQL mode, or PostgreSQL with -Dguanai.test.postgres). */
class HomeStoreTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final TestDatabase db = TestDatabase.forProgramme(HomeProgramme.ID);
    private final HomeStore store = new HomeStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void theEightItemsAreListedInOrderAndACheckReplacesTheLastOne() {
        store.check(1, new Standard(Item.SITE, true, "两间活动室", d("2026-11-01"), "head"));
        store.check(1, new Standard(Item.SITE, false, "改作教室", d("2026-12-01"), "head"));
        store.check(1, new Standard(Item.SIGN, true, null, d("2026-12-01"), "head"));
        List<Standard> items = store.standard(1);
        assertEquals(List.of(Item.values()), items.stream().map(Standard::item).toList());
        assertEquals(new Standard(Item.SITE, false, "改作教室", d("2026-12-01"), "head"), items.get(1));
        assertFalse(items.get(7).met(), "never checked: not met");
        assertEquals(1, store.metOn(1, d("2026-12-01")));
        assertEquals(0, store.metOn(1, d("2026-11-30")), "as last checked by that day");
        assertEquals(0, store.metOn(2, d("2026-12-31")), "another school");
    }

    @Test
    void equipmentStartsFromTheChecklistOncePerSchoolWithShortfalls() {
        List<Equipment> first = store.equipment(1);
        assertEquals(List.of("PHONE", "PC", "TV", "BOOKS", "CABINET", "WHISPER", "CINEMA", "BOARD_GAMES", "SPORTS"),
                first.stream().map(Equipment::code).toList());
        assertEquals(4, first.get(0).shortfall());
        assertEquals(300, first.get(3).required());
        store.setPresent(1, first.get(0).id(), 5);
        Equipment own = store.addEquipment(1, "打印机", 1, 0);
        List<Equipment> again = store.equipment(1);
        assertEquals(10, again.size(), "the checklist is not added twice");
        assertEquals(0, again.get(0).shortfall(), "more than required is no shortfall");
        assertEquals(own, again.get(9));
        store.deleteEquipment(1, first.get(1).id());
        store.deleteEquipment(1, own.id());
        assertEquals(9, store.equipment(1).size(), "only the school's own items are deleted");
        assertEquals(9, store.equipment(2).size());
    }

    @Test
    void hoursAreReplacedAsAWhole() {
        store.setHours(1, new Hours(List.of(new Range(6, "09:00", "16:00"), new Range(1, "16:30", "18:00")), "节假日开放"));
        store.setHours(1, new Hours(List.of(new Range(6, "09:00", "12:00"), new Range(1, "16:30", "18:00")), null));
        assertEquals(new Hours(List.of(new Range(1, "16:30", "18:00"), new Range(6, "09:00", "12:00")), null), store.hours(1));
        assertEquals(new Hours(List.of(), null), store.hours(2));
    }

    @Test
    void loansAreOverdueUntilReturnedAndReturnedOnce() {
        long late = store.lend(1, 5, "草房子", d("2026-11-01"), d("2026-11-15"), "t");
        long onTime = store.lend(1, 6, "昆虫记", d("2026-12-01"), d("2026-12-15"), "t");
        store.lend(2, 7, "西游记", d("2026-11-01"), d("2026-11-15"), "t");
        assertEquals(List.of(late), store.loans(1, null, true, TODAY, 0, 20).items().stream().map(Loan::id).toList());
        assertEquals(List.of(onTime, late), store.loans(1, null, false, TODAY, 0, 20).items().stream().map(Loan::id).toList());
        assertEquals(List.of(onTime), store.loans(1, List.of(6L), false, TODAY, 0, 20).items().stream().map(Loan::id).toList());
        assertEquals(0, store.loans(1, List.of(), false, TODAY, 0, 20).total());
        assertTrue(store.giveBack(1, late, d("2026-12-05")));
        assertFalse(store.giveBack(1, late, d("2026-12-06")), "a second return changes nothing");
        assertEquals(d("2026-12-05"), store.loan(1, late, TODAY).orElseThrow().returnedOn());
        assertTrue(store.loans(1, null, true, TODAY, 0, 20).items().isEmpty());
        assertTrue(store.loan(2, late, TODAY).isEmpty(), "another school's loan is not found");
    }

    @Test
    void theUsesOfTheHomeArePerChildAndDay() {
        store.lend(1, 5, "草房子", d("2026-11-01"), d("2026-11-15"), "t");
        store.call(1, new Call(null, 5, null, CallKind.VIDEO_CALL, null, null, "王大山", d("2026-11-03").atTime(23, 50), 10), "t");
        store.call(1, new Call(null, 6, null, CallKind.CALL, null, 20L, "刘芳", d("2026-12-01").atTime(8, 0), 5), "t");
        store.talk(1, new Talk(null, 6, null, 40, "周老师", d("2026-11-20"), "想家"), "t");
        store.call(2, new Call(null, 7, null, CallKind.CALL, null, null, "某某", d("2026-11-03").atTime(8, 0), 5), "t");
        assertEquals(List.of(new HomeStore.Use(5, "LOAN", d("2026-11-01")), new HomeStore.Use(5, "VIDEO_CALL", d("2026-11-03")),
                new HomeStore.Use(6, "TALK", d("2026-11-20"))), store.uses(1, d("2026-11-01"), d("2026-11-30")));
        assertEquals(new HomeStore.Figures(2, 2, 1, 1), store.figures(1, d("2026-11-01"), d("2026-12-01")));
        assertEquals(20L, store.calls(1, null, d("2026-12-01"), d("2026-12-01"), 0, 20).items().get(0).parentId());
    }
}
