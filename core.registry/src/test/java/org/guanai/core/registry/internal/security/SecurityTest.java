package org.guanai.core.registry.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.Masks;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Masks, the services' own scoping and masking, accounts (login delays, passwords, tokens) and the route table. */
class SecurityTest {
    private TestRegistry r;
    private School a;
    private School b;
    private SchoolClass a1;
    private SchoolClass a2;
    private Child inA1;
    private Child inA2;
    private Child inB;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("security");
        a = r.school("温水镇中心小学");
        b = r.school("土城镇中心小学");
        a1 = r.schoolClass(a.id(), 3, "三年级(1)班");
        a2 = r.schoolClass(a.id(), 3, "三年级(2)班");
        SchoolClass b1 = r.schoolClass(b.id(), 3, "三年级(1)班");
        inA1 = r.child("王小明", Gender.MALE, LocalDate.of(2016, 3, 1), 11, a.id(), a1.id(), LeftBehindType.BOTH_AWAY);
        inA2 = r.child("李小红", Gender.FEMALE, LocalDate.of(2016, 4, 1), 12, a.id(), a2.id(), LeftBehindType.BOTH_AWAY);
        inB = r.child("张小刚", Gender.MALE, LocalDate.of(2016, 5, 1), 13, b.id(), b1.id(), LeftBehindType.BOTH_AWAY);
        r.guardians.addGuardian(TestRegistry.newGuardian(inA1.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private Caller caller(Role role, Set<Long> schools, Set<Long> classes, Set<String> permissions) {
        boolean county = Account.COUNTY_ROLES.contains(role);
        return new Caller("u", Set.of(role.name()), county, schools, Account.ALL_CLASS_ROLES.contains(role), classes,
                Optional.empty(), permissions);
    }

    private Caller teacher() {
        return caller(Role.TEACHER, Set.of(a.id()), Set.of(a1.id()), RolePermissions.DEFAULTS.get(Role.TEACHER));
    }

    private Caller schoolAdmin() {
        return caller(Role.SCHOOL_ADMIN, Set.of(a.id()), Set.of(), RolePermissions.DEFAULTS.get(Role.SCHOOL_ADMIN));
    }

    @Test
    void masksKeepTheFirstAndLastCharacters() {
        assertEquals("110***********1234", Masks.idNumber("110101201001011234"));
        assertEquals("138****5678", Masks.phone("13812345678"));
        assertEquals("****5678", Masks.phone("0851-5678".replace("-", "")));
        assertEquals("贵州省习水县***", Masks.address("贵州省习水县温水镇大坪村3组"));
        assertEquals("***", Masks.text("高血压"));
        assertEquals(null, Masks.idNumber(null));
    }

    @Test
    void aTeacherReachesOnlyTheChildrenOfTheirClasses() {
        Caller t = teacher();
        List<Child> seen = r.as(t, () -> r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 50)).items());
        assertEquals(List.of(inA1.id()), seen.stream().map(Child::id).toList());
        assertTrue(r.as(t, () -> r.children.get(inA2.id())).isEmpty(), "another class of the same school");
        assertTrue(r.as(t, () -> r.children.get(inB.id())).isEmpty(), "another school");
        assertThrows(NotFoundException.class, () -> r.as(t, () -> r.children.history(inB.id())));
        assertThrows(NotFoundException.class, () -> r.as(t, () -> r.guardians.guardians(inB.id())));
        Child moved = TestRegistry.withName(inB, "张小强");
        assertThrows(NotFoundException.class, () -> r.as(t, () -> r.children.update(moved)));
        assertEquals("张小刚", r.children.get(inB.id()).orElseThrow().name(), "nothing changed");
    }

    @Test
    void masksForTheTeacherFullAndAuditedForTheSchoolAdministrator() {
        Child masked = r.as(teacher(), () -> r.children.get(inA1.id())).orElseThrow();
        assertEquals(Masks.idNumber(inA1.idNumber()), masked.idNumber());
        assertFalse(masked.idNumber().equals(inA1.idNumber()));
        // the teacher edits another field and sends the masked ID number back: the stored one stays
        Child renamed = r.as(teacher(), () -> r.children.update(TestRegistry.withName(masked, "王晓明")));
        assertEquals("王晓明", renamed.name());
        assertEquals(inA1.idNumber(), r.children.get(inA1.id()).orElseThrow().idNumber());

        long readsBefore = r.audit.find(new AuditLog.Query(null, inA1.id(), null, AuditActions.READ, null, null, 0, 50)).total();
        Child full = r.as(schoolAdmin(), () -> r.children.get(inA1.id())).orElseThrow();
        assertEquals(inA1.idNumber(), full.idNumber());
        assertEquals(readsBefore + 1,
                r.audit.find(new AuditLog.Query(null, inA1.id(), null, AuditActions.READ, null, null, 0, 50)).total());
        assertTrue(r.audit.verify().ok());
        // lists mask for everyone, so a list never needs an audited full read
        Child row = r.as(schoolAdmin(), () -> r.children.find(new ChildQuery(a.id(), a1.id(), null, null, null, false, 0, 5)))
                .items().get(0);
        assertEquals(Masks.idNumber(row.idNumber() == null ? null : inA1.idNumber()), row.idNumber());
    }

    @Test
    void anOfficerCountsButReadsNoArchiveAndWritesNothing() {
        Caller officer = caller(Role.OFFICER, Set.of(), Set.of(), RolePermissions.DEFAULTS.get(Role.OFFICER));
        assertThrows(ForbiddenException.class, () -> r.as(officer, () -> r.children.get(inA1.id())));
        assertThrows(ForbiddenException.class,
                () -> r.as(officer, () -> r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 5))));
        assertThrows(ForbiddenException.class, () -> r.as(officer, () -> r.schools.createSchool(
                new School(null, 0, "新学校", null, null, null, null, null, false))));
        assertEquals(2, r.as(officer, () -> r.schools.schools(false, 0, 10)).total(), "schools are not personal data");
        Caller admin = schoolAdmin();
        assertEquals(1, r.as(admin, () -> r.schools.schools(false, 0, 10)).total(), "only their own school");
        assertThrows(ForbiddenException.class, () -> r.as(admin, () -> r.schools.createSchool(
                new School(null, 0, "新学校", null, null, null, null, null, false))));
    }

    @Test
    void failedLoginsDelayTheirAddressAndTokensWork() {
        Accounts accounts = new Accounts(r.db, r.actor, r.audit, TestAccountsConfig.defaults(), TestSupport.CLOCK);
        Optional<String> generated = accounts.ensureAdmin(null);
        assertTrue(generated.isPresent() && generated.get().length() >= 20, "a generated password");
        assertTrue(accounts.ensureAdmin("Another-pass-1").isEmpty(), "only once");
        assertEquals(Accounts.Status.OK, accounts.login("admin", generated.get(), "10.0.0.1").status());

        assertThrows(org.guanai.core.api.ValidationException.class, () -> accounts.create(new Accounts.UserInput("wanglaoshi", "王老师",
                "short", EnumSet.of(Role.TEACHER), Set.of(a.id()), Set.of(a1.id()), null, true)), "too short");
        assertThrows(org.guanai.core.api.ValidationException.class, () -> accounts.create(new Accounts.UserInput("wanglaoshi", "王老师",
                "wanglaoshi-2026", EnumSet.of(Role.TEACHER), Set.of(a.id()), Set.of(a1.id()), null, true)), "contains the user name");
        String password = "Sanban-Qiushui-2026";
        accounts.create(new Accounts.UserInput("wanglaoshi", "王老师", password, EnumSet.of(Role.TEACHER), Set.of(a.id()),
                Set.of(a1.id()), null, true));
        for (int i = 0; i < 5; i++) {
            assertEquals(Accounts.Status.BAD_CREDENTIALS, accounts.login("wanglaoshi", "wrong-" + i, "10.0.0.2").status());
        }
        // five failures in a row: that address waits, even with the right password; the owner elsewhere does not
        Accounts.LoginOutcome delayed = accounts.login("wanglaoshi", password, "10.0.0.2");
        assertEquals(Accounts.Status.THROTTLED, delayed.status());
        assertTrue(delayed.retryAfterSeconds() > 0);
        assertEquals(Accounts.Status.OK, accounts.login("wanglaoshi", password, "10.0.0.3").status());
        long id = accounts.byName("wanglaoshi").orElseThrow().id();
        accounts.unlock(id);
        Accounts.LoginOutcome ok = accounts.login("wanglaoshi", password, "10.0.0.2");
        assertEquals(Accounts.Status.OK, ok.status());
        assertEquals(Set.of(a1.id()), ok.principal().classIds());

        Accounts.NewToken token = accounts.createToken(ok.principal(), "脚本", 30);
        assertEquals("wanglaoshi", accounts.token(token.token()).orElseThrow().account().username());
        accounts.revokeToken(id, token.id());
        assertTrue(accounts.token(token.token()).isEmpty());
        assertTrue(r.audit.verify().ok());
    }

    @Test
    void routesNeedTheirPermission() {
        RoutePolicy p = new RoutePolicy();
        assertEquals(RoutePolicy.Kind.OPEN, p.decide("GET", "/api/health").requirement().kind());
        assertEquals(RoutePolicy.Kind.OPEN, p.decide("POST", "/api/login").requirement().kind());
        assertEquals(Set.of(Permissions.REGISTRY_WRITE), p.decide("PUT", "/api/children/5").requirement().anyOf());
        assertEquals(Set.of(Permissions.MODULES_ADMIN), p.decide("POST", "/api/admin/bundles").requirement().anyOf());
        assertEquals(Set.of(Permissions.PROGRAMMES_ENABLE), p.decide("PUT", "/api/schools/3/programmes/calls").requirement().anyOf());
        assertEquals(Optional.of(3L), p.decide("GET", "/api/schools/3/classes").pathSchool());
        assertEquals(Set.of("calls.write"), p.decide("POST", "/api/programmes/calls/children/5/calls").requirement().anyOf());
        assertEquals(Set.of("calls.read", Permissions.REGISTRY_AGGREGATE), p.decide("GET", "/api/programmes/calls/").requirement().anyOf());
        assertEquals(RoutePolicy.Kind.NO_ROUTE, p.decide("GET", "/api/elsewhere").requirement().kind());
        assertEquals(RoutePolicy.Kind.NO_ROUTE, p.decide("GET", "/something.txt").requirement().kind());
    }

    @Test
    void onlyTheConsolesStaticFilesAreOpen() {
        RoutePolicy p = new RoutePolicy();
        for (String path : List.of("/", "/index.html", "/console/app.js", "/console/lib/preact.js", "/console/i18n/zh.json")) {
            assertEquals(RoutePolicy.Kind.OPEN, p.decide("GET", path).requirement().kind(), path);
            assertEquals(RoutePolicy.Kind.OPEN, p.decide("HEAD", path).requirement().kind(), path);
            for (String method : List.of("POST", "PUT", "DELETE")) {
                assertEquals(RoutePolicy.Kind.NO_ROUTE, p.decide(method, path).requirement().kind(), method + " " + path);
            }
        }
        for (String path : List.of("/console", "/console/", "/index.htm", "/consoles/app.js", "/ui/console/app.js", "/x/console/app.js",
                "/api/console/app.js", "/index.html/x")) {
            assertTrue(p.decide("GET", path).requirement().kind() != RoutePolicy.Kind.OPEN, path);
        }
        assertEquals(Set.of(Permissions.REGISTRY_READ), p.decide("GET", "/api/children").requirement().anyOf());
        assertEquals(Set.of("calls.read"), p.decide("GET", "/ui/programmes/calls/main.js").requirement().anyOf());
    }
}
