package org.guanai.plugin.activities.internal;

import java.time.LocalDate;

import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;

/**
 * The programme's stores over one fresh database of the SDK's test kit (H2 in PostgreSQL mode, or PostgreSQL with
 * {@code -Dguanai.test.postgres=…}), migrated with the bundle's real scripts, on 23 November 2026. A test class holds one
 * per test: {@code @AutoClose final TestStores stores = new TestStores();}.
 */
final class TestStores implements AutoCloseable {
    final TestDatabase db = TestDatabase.forProgramme(ActivitiesProgramme.ID);
    final TestCalendar calendar = TestCalendar.on(LocalDate.of(2026, 11, 23));
    final Tables tables = new Tables(db);
    final ChecklistStore checklists = new ChecklistStore(tables);
    final SemesterStore semesters = new SemesterStore(tables, calendar);
    final ReminderStore reminders = new ReminderStore(tables, calendar);
    final EvidenceStore photos = new EvidenceStore(tables, calendar);
    final ActivityStore activities = new ActivityStore(tables, photos, calendar);
    final RecordStore records = new RecordStore(tables, calendar);
    final CoverageStore coverage = new CoverageStore(tables, records);
    final HomeStore homes = new HomeStore(tables, calendar);

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Override
    public void close() {
        db.close();
    }
}
