package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.care.HomeRecords;
import org.guanai.core.api.care.HomeRecords.ChildHomeUse;
import org.guanai.core.api.care.HomeRecords.Use;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Status;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The home programme's logs ({@link HomeRecords}, here a hand-made provider) count for the 九个一's items (1) 留守儿童之家
 * and (2) 亲情电话 in the grid, beside this programme's own records, within the semester and up to the day of the grid.
 */
class HomeLinkTest {
    @AutoClose
    final TestStores stores = new TestStores();
    private final List<String> asked = new ArrayList<>();

    private CoverageService coverage() {
        Job job = (Job) Proxy.newProxyInstance(Job.class.getClassLoader(), new Class<?>[] { Job.class }, (p, m, a) -> null);
        Jobs jobs = (Jobs) Proxy.newProxyInstance(Jobs.class.getClassLoader(), new Class<?>[] { Jobs.class }, (p, m, a) -> job);
        return new CoverageService(stores.checklists, stores.semesters, stores.reminders, stores.coverage, null, null, null, null, null,
                stores.calendar, jobs, null);
    }

    private static Map<String, Status> cells(CoverageService c, LocalDate asOf) {
        Map<String, Status> out = new java.util.LinkedHashMap<>();
        c.grid(1, CoverageTest.AUTUMN, asOf, new ChildRow(5, "王小明", null, null)).rows().get(0).cells().forEach(cell -> out.put(cell.item(), cell.status()));
        return out;
    }

    @Test
    void aChildsUsesOfTheHomeCountForTheHomeAndTheFamilyPhone() {
        CoverageService c = coverage();
        LocalDate asOf = LocalDate.of(2026, 11, 23);
        assertEquals(Status.MISSING, cells(c, asOf).get("home"));
        assertEquals(Status.MISSING, cells(c, asOf).get("phone"));

        c.home = (school, from, to) -> {
            asked.add(school + " " + from + " " + to);
            return school != 1 ? List.of() : List.of(new ChildHomeUse(5, List.of(new Use(HomeRecords.LOAN, LocalDate.of(2026, 10, 9)),
                    new Use(HomeRecords.VIDEO_CALL, LocalDate.of(2026, 11, 20)))), new ChildHomeUse(6, List.of(new Use(HomeRecords.CALL,
                            LocalDate.of(2026, 11, 2)))));
        };
        Map<String, Status> with = cells(c, asOf);
        assertEquals(Status.DONE, with.get("home"), "a book borrowed in the home is a use of the home");
        assertEquals(Status.DONE, with.get("phone"), "a video call from the home counts for the family phone");
        assertEquals(Status.MISSING, with.get("letter"), "nothing else counts");
        assertEquals("1 2026-09-01 2026-11-23", asked.get(0), "the semester up to the day of the grid");

        assertEquals(Status.MISSING, cells(c, LocalDate.of(2026, 11, 19)).get("phone"), "a call after the day of the grid does not count");

        c.home = (school, from, to) -> List.of(new ChildHomeUse(5, List.of(new Use(HomeRecords.TALK, LocalDate.of(2026, 10, 9)))));
        assertEquals(Status.DONE, cells(c, asOf).get("home"));
        assertEquals(Status.MISSING, cells(c, asOf).get("phone"), "a talk is no call");
    }
}
