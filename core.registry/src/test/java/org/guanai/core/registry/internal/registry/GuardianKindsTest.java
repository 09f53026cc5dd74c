package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guardian kinds each child carries for the children page's filter (V42) follow every change of its guardians. */
class GuardianKindsTest {
    private static final LocalDate BIRTH = LocalDate.of(2017, 3, 12);

    private TestRegistry r;
    private School school;
    private SchoolClass klass;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("guardian-kinds");
        school = r.school("习水县温水镇中心小学");
        klass = r.schoolClass(school.id(), 3, "三年级(1)班");
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private Set<String> withGuardian(GuardianKind kind) {
        return r.children.find(new ChildQuery(school.id(), null, null, kind, null, false, 0, 100)).items().stream()
                .map(Child::name).collect(Collectors.toSet());
    }

    private String stored(long childId) {
        try (Connection c = r.db.getConnection();
                var ps = c.prepareStatement("SELECT guardian_kinds FROM core_child WHERE id = ?")) {
            ps.setLong(1, childId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theColumnListsTheKindsOnceInTheirOrder() {
        assertEquals("|", GuardianKinds.of(List.of()));
        assertEquals("|GRANDPARENTS|PARENT|", GuardianKinds.of(List.of(GuardianKind.PARENT, GuardianKind.GRANDPARENTS, GuardianKind.PARENT)));
        assertEquals("%|PARENT|%", GuardianKinds.having(GuardianKind.PARENT));
        assertEquals("%|MATERNAL\\_GRANDPARENTS|%", GuardianKinds.having(GuardianKind.MATERNAL_GRANDPARENTS));
    }

    @Test
    void theFilterFollowsAddingChangingAndRemovingAGuardian() {
        Child ming = r.child("王小明", Gender.MALE, BIRTH, 1, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
        Child hong = r.child("李小红", Gender.FEMALE, BIRTH, 2, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
        assertEquals("|", stored(ming.id()), "a new child has no guardian");

        Guardian granny = r.guardians.addGuardian(newGuardian(ming.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        r.guardians.addGuardian(newGuardian(hong.id(), GuardianKind.MATERNAL_GRANDPARENTS, "李外婆", true));
        assertEquals(Set.of("王小明"), withGuardian(GuardianKind.GRANDPARENTS));
        assertEquals(Set.of("李小红"), withGuardian(GuardianKind.MATERNAL_GRANDPARENTS), "MATERNAL_GRANDPARENTS is not GRANDPARENTS");

        Guardian uncle = r.guardians.addGuardian(newGuardian(ming.id(), GuardianKind.RELATIVE, "王叔叔", false));
        assertEquals("|GRANDPARENTS|RELATIVE|", stored(ming.id()));

        Guardian changed = r.guardians.updateGuardian(new Guardian(uncle.id(), uncle.version(), uncle.childId(),
                GuardianKind.DELEGATED, uncle.name(), uncle.relation(), uncle.occupation(), uncle.address(), uncle.phone(),
                uncle.health(), uncle.age(), uncle.birthDate(), uncle.primary()));
        assertEquals(Set.of(), withGuardian(GuardianKind.RELATIVE));
        assertEquals(Set.of("王小明"), withGuardian(GuardianKind.DELEGATED));

        r.guardians.removeGuardian(granny.id(), granny.version());
        assertEquals(Set.of(), withGuardian(GuardianKind.GRANDPARENTS));
        r.guardians.removeGuardian(changed.id(), changed.version());
        assertEquals("|", stored(ming.id()));
        assertEquals(Set.of(), withGuardian(GuardianKind.DELEGATED));
    }

    /**
     * Two guardians of different kinds added to one child at the same moment on two nodes (each with its own audit log,
     * whose lock serialises the writes of one node only): the column ends with both kinds.
     */
    @Test
    void guardiansAddedAtOnceOnTwoNodesAreBothInTheColumn() throws Exception {
        GuardianServiceImpl otherNode = GuardianServiceImpl.forTests(r.db, r.events, r.actor, TestSupport.CLOCK, r.callers,
                new AuditLog(r.db, r.actor, TestSupport.CLOCK));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 30; round++) {
                Child k = r.child("王小" + "明红华兰军芳强丽勇静".charAt(round % 10) + "东南西北中".charAt(round / 10), Gender.MALE, BIRTH,
                        10 + round, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                var relative = two.submit(() -> {
                    start.await();
                    return r.guardians.addGuardian(newGuardian(k.id(), GuardianKind.RELATIVE, "王叔叔", false));
                });
                var delegated = two.submit(() -> {
                    start.await();
                    return otherNode.addGuardian(newGuardian(k.id(), GuardianKind.DELEGATED, "李阿姨", false));
                });
                relative.get(30, java.util.concurrent.TimeUnit.SECONDS);
                delegated.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("|RELATIVE|DELEGATED|", stored(k.id()), "round " + round);
            }
        } finally {
            two.shutdownNow();
        }
    }

    /** The migration fills the column from the guardians already stored, as the services write it. */
    @Test
    void theMigrationFillsTheColumnFromTheStoredGuardians() throws SQLException {
        Child ming = r.child("王小明", Gender.MALE, BIRTH, 1, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
        Child hong = r.child("李小红", Gender.FEMALE, BIRTH, 2, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
        Child lan = r.child("赵小兰", Gender.FEMALE, BIRTH, 3, school.id(), klass.id(), LeftBehindType.BOTH_AWAY);
        r.guardians.addGuardian(newGuardian(ming.id(), GuardianKind.PARENT, "王爸爸", true));
        r.guardians.addGuardian(newGuardian(ming.id(), GuardianKind.GRANDPARENTS, "王奶奶", false));
        r.guardians.addGuardian(newGuardian(ming.id(), GuardianKind.GRANDPARENTS, "王爷爷", false));
        r.guardians.addGuardian(newGuardian(hong.id(), GuardianKind.OTHER, "邻居", true));
        List<String> written = List.of(stored(ming.id()), stored(hong.id()), stored(lan.id()));
        assertEquals(List.of("|GRANDPARENTS|PARENT|", "|OTHER|", "|"), written);

        // back to the schema before V42, with the same rows, and migrated again (V43 to V50, issues 18 to 20, undone too)
        try (Connection c = r.db.getConnection(); Statement s = c.createStatement()) {
            // V50 (issue 18): the index a class is read on
            s.execute("DROP INDEX core_child_class_id_ix");
            s.execute("DELETE FROM core_schema_history WHERE version = '50'");
            // V49 and V48 (issue 20): the ID numbers of parents and guardians, the 民政 登记表 fields of the child
            s.execute("ALTER TABLE core_parent DROP COLUMN id_number");
            s.execute("ALTER TABLE core_guardian DROP COLUMN id_number");
            s.execute("DELETE FROM core_schema_history WHERE version = '49'");
            for (String column : List.of("hukou_registered", "hukou_place", "health_status", "schooling", "income_sources",
                    "assistance", "guardianship_type", "village_contact")) {
                s.execute("ALTER TABLE core_child DROP COLUMN " + column);
            }
            s.execute("DELETE FROM core_schema_history WHERE version = '48'");
            // V46 (issue 20): the returns' submissions and their history
            s.execute("DROP TABLE core_return_event");
            s.execute("DROP TABLE core_return_submission");
            s.execute("DELETE FROM core_schema_history WHERE version = '46'");
            for (String table : List.of("core_delivery", "core_inbox", "core_notice", "core_notify_pref")) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("ALTER TABLE core_user DROP COLUMN email");
            s.execute("ALTER TABLE core_user DROP COLUMN mobile");
            s.execute("DELETE FROM core_schema_history WHERE version = '45'");
            for (String table : List.of("core_incident_notice", "core_incident_deadline", "core_mandatory_report", "core_incident",
                    "core_guardianship_alert", "core_safety_sweep")) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("DELETE FROM core_cluster_lock WHERE name = 'safety'");
            for (String column : List.of("capacity", "capacity_assessed_on", "capacity_note")) {
                s.execute("ALTER TABLE core_guardian DROP COLUMN " + column);
            }
            s.execute("DELETE FROM core_schema_history WHERE version IN ('43', '44')");
            s.execute("DROP INDEX core_child_page_ix");
            s.execute("ALTER TABLE core_child DROP COLUMN guardian_kinds");
            s.execute("CREATE INDEX core_child_page_ix ON core_child (school_id, class_id, name, id, archived, left_behind_type)");
            s.execute("DELETE FROM core_schema_history WHERE version = '42'");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        new FlywaySchemaMigrator(r.db);
        assertEquals(written, List.of(stored(ming.id()), stored(hong.id()), stored(lan.id())));
    }
}
