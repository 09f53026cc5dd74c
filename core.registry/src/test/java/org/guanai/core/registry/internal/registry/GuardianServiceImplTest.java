package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.guanai.core.registry.internal.TestRegistry.primary;
import static org.guanai.core.registry.internal.TestSupport.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ContactFrequency;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.registry.internal.RecordingEventAdmin;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class GuardianServiceImplTest {
    private TestRegistry r;
    private Child child;
    private Child sibling;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("guardian");
        School school = r.school("习水县温水镇中心小学");
        child = r.child("王小明", Gender.MALE, LocalDate.of(2017, 3, 12), 1, school.id(), null, LeftBehindType.BOTH_AWAY);
        sibling = r.child("王小红", Gender.FEMALE, LocalDate.of(2015, 8, 2), 2, school.id(), null, LeftBehindType.BOTH_AWAY);
        r.events.clear();
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private List<HistoryEntry> historyOf(String entity, long id) {
        return r.children.history(child.id()).stream().filter(h -> h.entityType().equals(entity) && h.entityId() == id).toList();
    }

    // ---- guardians

    @Test
    void addGuardianStoresItWithHistoryAndEvent() {
        Guardian in = newGuardian(child.id(), GuardianKind.GRANDPARENTS, "李秀兰", true);
        Guardian g = r.actor.as("班主任", () -> r.guardians.addGuardian(in));
        assertEquals(new Guardian(g.id(), 0, child.id(), GuardianKind.GRANDPARENTS, "李秀兰", "奶奶", "务农", "温水镇大坪村3组",
                "15912345678", "良好", 66, null, true).toBuilder().capacity(org.guanai.core.api.dto.GuardianCapacity.CAPABLE)
                .build(), g, "a guardian not assessed is stored as capable");
        assertEquals(List.of(g), r.guardians.guardians(child.id()));
        List<HistoryEntry> h = historyOf("guardian", g.id());
        assertTrue(h.stream().allMatch(e -> e.action().equals("CREATED") && e.actor().equals("班主任")));
        assertTrue(h.stream().anyMatch(e -> "kind".equals(e.field()) && "GRANDPARENTS".equals(e.newValue())));
        Event e = r.events.last();
        assertEquals(RegistryEvents.GUARDIAN_CREATED, e.getTopic());
        assertEquals(child.id(), e.getProperty(RegistryEvents.PROP_CHILD_ID));
        assertEquals(g.id(), e.getProperty(RegistryEvents.PROP_ID));
    }

    @Test
    void aSecondPrimaryGuardianClearsTheFirst() {
        Guardian granny = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.GRANDPARENTS, "李秀兰", true));
        Guardian siblingsGranny = r.guardians.addGuardian(newGuardian(sibling.id(), GuardianKind.GRANDPARENTS, "张桂英", true));
        r.events.clear();

        Guardian uncle = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.RELATIVE, "王强", true));

        List<Guardian> guardians = r.guardians.guardians(child.id());
        assertEquals(List.of(uncle.id(), granny.id()), guardians.stream().map(Guardian::id).toList(), "primary first");
        assertTrue(guardians.get(0).primary());
        Guardian demoted = guardians.get(1);
        assertFalse(demoted.primary());
        assertEquals(1, demoted.version());
        assertEquals(1, guardians.stream().filter(Guardian::primary).count());
        assertTrue(r.guardians.guardians(sibling.id()).get(0).primary(), "another child's guardian keeps the flag");
        assertEquals(0, r.guardians.guardians(sibling.id()).get(0).version());
        assertEquals(siblingsGranny.id(), r.guardians.guardians(sibling.id()).get(0).id());

        List<HistoryEntry> demotion = historyOf("guardian", granny.id()).stream().filter(h -> h.action().equals("UPDATED")).toList();
        assertEquals(1, demotion.size());
        assertEquals("primary", demotion.get(0).field());
        assertEquals("true", demotion.get(0).oldValue());
        assertEquals("false", demotion.get(0).newValue());

        List<Event> updated = r.events.topic(RegistryEvents.GUARDIAN_UPDATED);
        assertEquals(1, updated.size());
        assertEquals(granny.id(), updated.get(0).getProperty(RegistryEvents.PROP_ID));
        assertEquals(List.of("primary"), RecordingEventAdmin.fields(updated.get(0)));
        assertEquals(1, r.events.topic(RegistryEvents.GUARDIAN_CREATED).size());
    }

    @Test
    void makingAGuardianPrimaryByUpdateClearsTheOther() {
        Guardian granny = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.GRANDPARENTS, "李秀兰", true));
        Guardian grandpa = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.GRANDPARENTS, "王德明", false));
        assertTrue(r.guardians.guardians(child.id()).get(0).primary());

        Guardian promoted = r.guardians.updateGuardian(primary(grandpa, true));
        assertTrue(promoted.primary());
        assertEquals(1, promoted.version());
        List<Guardian> after = r.guardians.guardians(child.id());
        assertEquals(List.of(grandpa.id(), granny.id()), after.stream().map(Guardian::id).toList());
        assertFalse(after.get(1).primary());
        assertEquals(1, after.stream().filter(Guardian::primary).count());
        assertEquals(List.of("primary"), historyOf("guardian", granny.id()).stream().filter(h -> h.action().equals("UPDATED"))
                .map(HistoryEntry::field).toList());
        assertEquals(List.of("primary"), historyOf("guardian", grandpa.id()).stream().filter(h -> h.action().equals("UPDATED"))
                .map(HistoryEntry::field).toList());

        // the stale version of the one demoted behind the user's back is refused
        assertThrows(StaleVersionException.class, () -> r.guardians.updateGuardian(primary(granny, true)));
        assertTrue(r.guardians.guardians(child.id()).get(0).id().equals(grandpa.id()));
    }

    @Test
    void guardianUpdateAtStaleVersionOrOfAnotherChildIsRefused() {
        Guardian g = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.GRANDPARENTS, "李秀兰", false));
        r.guardians.updateGuardian(primary(g, true));
        assertThrows(StaleVersionException.class, () -> r.guardians.updateGuardian(primary(g, false)));
        Guardian moved = new Guardian(g.id(), 1, sibling.id(), g.kind(), g.name(), g.relation(), g.occupation(), g.address(),
                g.phone(), g.health(), g.age(), g.birthDate(), true);
        assertThrows(NotFoundException.class, () -> r.guardians.updateGuardian(moved));
        assertEquals(List.of(), r.guardians.guardians(sibling.id()));
    }

    @Test
    void invalidGuardianOrUnknownChildIsRefused() {
        assertRefused("phone", () -> r.guardians.addGuardian(new Guardian(null, 0, child.id(), GuardianKind.GRANDPARENTS,
                "李秀兰", "奶奶", null, null, "12345", null, null, null, true)));
        assertRefused("kind", () -> r.guardians.addGuardian(new Guardian(null, 0, child.id(), null, "李秀兰", null, null, null,
                null, null, null, null, true)));
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> r.guardians.addGuardian(newGuardian(999_999L, GuardianKind.GRANDPARENTS, "李秀兰", true)));
        assertEquals("child", e.entity());
        assertThrows(NotFoundException.class, () -> r.guardians.guardians(999_999L));
        assertThrows(NotFoundException.class, () -> r.guardians.parents(999_999L));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_guardian"));
        assertTrue(r.events.events.isEmpty());
    }

    @Test
    void removeGuardianKeepsHistory() {
        Guardian g = r.guardians.addGuardian(newGuardian(child.id(), GuardianKind.DELEGATED, "邻居李秀兰", true));
        assertThrows(StaleVersionException.class, () -> r.guardians.removeGuardian(g.id(), 5));
        assertEquals(1, r.guardians.guardians(child.id()).size());
        r.guardians.removeGuardian(g.id(), g.version());
        assertEquals(List.of(), r.guardians.guardians(child.id()));
        List<HistoryEntry> removed = historyOf("guardian", g.id()).stream().filter(h -> h.action().equals("REMOVED")).toList();
        assertTrue(removed.stream().anyMatch(h -> "name".equals(h.field()) && "邻居李秀兰".equals(h.oldValue()) && h.newValue() == null));
        assertEquals(RegistryEvents.GUARDIAN_REMOVED, r.events.last().getTopic());
        assertThrows(NotFoundException.class, () -> r.guardians.removeGuardian(g.id(), 0));
    }

    // ---- parents

    @Test
    void parentsAreListedFatherFirst() {
        Parent mother = r.guardians.addParent(newParent(child.id(), ParentRole.MOTHER, "李梅", true, LocalDate.of(2021, 3, 1), true));
        Parent father = r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建国", true, null, true));
        assertEquals(List.of(father, mother), r.guardians.parents(child.id()));
        assertEquals(LocalDate.of(2021, 3, 1), mother.awaySince());
        assertEquals("广东省", mother.workProvince());
        assertEquals(0, mother.version());
        assertEquals(RegistryEvents.PARENT_CREATED, r.events.last().getTopic());
    }

    @Test
    void parentRoleIsUniquePerChild() {
        r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建国", true, null, true));
        Parent mother = r.guardians.addParent(newParent(child.id(), ParentRole.MOTHER, "李梅", false, null, true));
        long before = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history");

        assertRefused("role", () -> r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建军", true, null, true)));
        Parent asFather = new Parent(mother.id(), mother.version(), child.id(), ParentRole.FATHER, "李梅", null, null, false, null,
                null, null, null, null, null, null, null, true, false);
        assertRefused("role", () -> r.guardians.updateParent(asFather));
        assertEquals(2, r.guardians.parents(child.id()).size());
        assertEquals(mother, r.guardians.parents(child.id()).get(1));
        assertEquals(before, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history"));

        // another child may have its own father
        r.guardians.addParent(newParent(sibling.id(), ParentRole.FATHER, "王建国", true, null, true));
        assertEquals(1, r.guardians.parents(sibling.id()).size());
    }

    @Test
    void updateParentRecordsChangedFields() {
        Parent father = r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建国", true, null, true));
        r.events.clear();
        Parent back = new Parent(father.id(), father.version(), child.id(), ParentRole.FATHER, "王建国", "13812345678", null, false,
                null, null, null, null, null, null, ContactFrequency.WEEKLY, null, true, false);
        Parent updated = r.guardians.updateParent(back);
        assertEquals(1, updated.version());
        assertFalse(updated.away());
        assertEquals(List.of("phone", "away", "workProvince", "workCity", "returnFrequency"),
                historyOf("parent", father.id()).stream().filter(h -> h.action().equals("UPDATED")).map(HistoryEntry::field).toList());
        assertEquals(List.of("phone", "away", "workProvince", "workCity", "returnFrequency"),
                RecordingEventAdmin.fields(r.events.last()));
        assertThrows(StaleVersionException.class, () -> r.guardians.updateParent(back));
        assertRefused("phone", () -> r.guardians.updateParent(new Parent(father.id(), 1, child.id(), ParentRole.FATHER, "王建国",
                "1381234", null, false, null, null, null, null, null, null, null, null, true, false)));
        assertEquals(updated, r.guardians.parents(child.id()).get(0));
    }

    @Test
    void removeParent() {
        Parent father = r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建国", true, null, true));
        assertThrows(StaleVersionException.class, () -> r.guardians.removeParent(father.id(), 1));
        r.guardians.removeParent(father.id(), 0);
        assertEquals(List.of(), r.guardians.parents(child.id()));
        assertEquals(RegistryEvents.PARENT_REMOVED, r.events.last().getTopic());
        assertFalse(historyOf("parent", father.id()).stream().filter(h -> h.action().equals("REMOVED")).toList().isEmpty());
        // the role is free again
        r.guardians.addParent(newParent(child.id(), ParentRole.FATHER, "王建军", true, null, true));
    }
}
