package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.GuardianKind;
import org.junit.jupiter.api.Test;

/** The demo county loads through the real services (so every record passed validation) and is reproducible. */
class DemoCountyTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void loadsAReproducibleCounty() {
        TestDb db = new TestDb();
        DemoCounty.Summary s = new DemoCounty(20261123L, TODAY).load(db.schools, db.children, db.guardians, 300);
        assertEquals(2, s.schools());
        assertEquals(12, s.classes());
        assertEquals(300, s.children());
        assertEquals(300, db.children.find(new ChildQuery(null, null, null, null, null, false, 0, 1)).total());
        long grandparents = db.children.find(new ChildQuery(null, null, null, GuardianKind.GRANDPARENTS, null, false, 0, 1)).total()
                + db.children.find(new ChildQuery(null, null, null, GuardianKind.MATERNAL_GRANDPARENTS, null, false, 0, 1)).total();
        assertTrue(grandparents >= 105 && grandparents <= 195, "about half live with grandparents: " + grandparents);
        for (Child c : db.children.find(new ChildQuery(null, null, null, null, null, false, 0, 500)).items()) {
            assertTrue(IdNumber.check(c.idNumber()).isEmpty(), c.idNumber());
            assertEquals(c.birthDate(), IdNumber.birthDate(c.idNumber()).orElseThrow());
            assertEquals(c.gender(), IdNumber.gender(c.idNumber()));
        }

        TestDb again = new TestDb();
        new DemoCounty(20261123L, TODAY).load(again.schools, again.children, again.guardians, 300);
        assertEquals(db.children.get(1).orElseThrow().idNumber(), again.children.get(1).orElseThrow().idNumber());
        assertEquals(db.children.get(150).orElseThrow().name(), again.children.get(150).orElseThrow().name());
    }

    @Test
    void migrationsRunOnceAndRecordTheirVersion() {
        TestDb db = new TestDb();
        assertEquals(0, db.migrator.migrate("core", FlywaySchemaMigrator.class).applied());
        String version = db.migrator.currentVersion("core");
        assertTrue(Integer.parseInt(version) >= 3, version);
        assertThrowsIllegal(() -> db.migrator.migrate("Core-Registry", FlywaySchemaMigrator.class));
        assertThrowsIllegal(() -> db.migrator.migrate("x", FlywaySchemaMigrator.class));
    }

    private static void assertThrowsIllegal(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }
}
