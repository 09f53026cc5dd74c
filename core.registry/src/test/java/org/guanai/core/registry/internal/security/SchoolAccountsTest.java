package org.guanai.core.registry.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.security.Accounts.Status;
import org.guanai.core.registry.internal.security.Accounts.UserInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A school administrator (学校管理员) manages the accounts of her own schools, through {@code users.manage.school}: she
 * lists and reads only accounts all of whose schools are hers, sets their passwords and unlocks them, creates and changes
 * accounts with school roles for her schools only, and cannot widen her own account; everything else is absent
 * ({@link NotFoundException}) or refused naming the field. The county administrator ({@code users.manage}) keeps every
 * account. The callers are built with the roles' default permissions, as the platform gives them.
 */
class SchoolAccountsTest {
    private static final String PASSWORD = "Qiushui-Sanban-2026";
    private static final String NEW_PASSWORD = "Heron-Paddy-Lantern-77";

    private final TestRegistry r = new TestRegistry("school-accounts");
    private final RolePermissions roles = new RolePermissions(Map.of());
    private final Accounts accounts = new Accounts(r.db, r.actor, r.audit, TestAccountsConfig.defaults(), TestSupport.CLOCK,
            r.callers);
    private School a;
    private School b;
    private SchoolClass a1;
    private SchoolClass b1;
    private Account county;
    private Account officer;
    private Account principal;
    private Account teacherA;
    private Account healthA;
    private Account teacherB;
    private Account adminB;
    private Account shared;

    @BeforeEach
    void setUp() {
        a = r.school("温水镇中心小学");
        b = r.school("土城镇中心小学");
        a1 = r.schoolClass(a.id(), 3, "三年级(1)班");
        b1 = r.schoolClass(b.id(), 3, "三年级(1)班");
        county = account("xianji", Role.COUNTY_ADMIN, Set.of(), Set.of());
        officer = account("duban", Role.OFFICER, Set.of(), Set.of());
        principal = account("xiaozhang", Role.SCHOOL_ADMIN, Set.of(a.id()), Set.of());
        teacherA = account("wanglaoshi", Role.TEACHER, Set.of(a.id()), Set.of(a1.id()));
        healthA = account("liyisheng", Role.HEALTH_WORKER, Set.of(a.id()), Set.of());
        teacherB = account("zhaolaoshi", Role.TEACHER, Set.of(b.id()), Set.of(b1.id()));
        adminB = account("tuchengxz", Role.SCHOOL_ADMIN, Set.of(b.id()), Set.of());
        shared = account("liangxiao", Role.HEALTH_WORKER, Set.of(a.id(), b.id()), Set.of());
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private Account account(String name, Role role, Set<Long> schools, Set<Long> classes) {
        return accounts.create(new UserInput(name, null, PASSWORD, EnumSet.of(role), schools, classes, null, true));
    }

    /** The caller of an account, with its roles' default permissions (as {@link AuthPreprocessor#caller} builds it). */
    private Caller caller(Account x) {
        return new Caller(x.username(), Set.of(x.roles().iterator().next().name()), x.allSchools(), x.schoolIds(),
                x.allClasses(), x.classIds(), Optional.empty(), roles.permissions(x.roles()));
    }

    private <T> T as(Account x, Supplier<T> work) {
        return r.as(caller(x), work);
    }

    private void act(Account x, Runnable work) {
        r.as(caller(x), () -> {
            work.run();
            return null;
        });
    }

    private static UserInput input(Account x, Set<Role> roles, Set<Long> schools, Set<Long> classes, Boolean active,
            String displayName) {
        return new UserInput(null, displayName, null, roles, schools, classes, x.staffId(), active);
    }

    private static UserInput same(Account x, String displayName) {
        return input(x, x.roles(), x.schoolIds(), x.classIds(), x.active(), displayName);
    }

    private Status login(Account x, String password, String address) {
        return accounts.login(x.username(), password, address).status();
    }

    private static List<String> names(List<Account> list) {
        return list.stream().map(Account::username).sorted().toList();
    }

    @Test
    void theSchoolAdministratorHoldsTheSchoolLimitedPermissionByDefaultAndACountyCanTakeItAway() {
        assertTrue(roles.of(Role.SCHOOL_ADMIN).contains(RolePermissions.USERS_MANAGE_SCHOOL));
        assertFalse(roles.of(Role.SCHOOL_ADMIN).contains(Permissions.USERS_MANAGE), "not every account");
        for (Role other : List.of(Role.TEACHER, Role.HEALTH_WORKER, Role.OFFICER)) {
            assertFalse(roles.of(other).contains(RolePermissions.USERS_MANAGE_SCHOOL), other.name());
        }
        assertTrue(roles.catalogue().containsKey(RolePermissions.USERS_MANAGE_SCHOOL), "named for the administration pages");
        RolePermissions configured = new RolePermissions(Map.of("school_admin", "registry.*, classes.manage"));
        assertFalse(configured.of(Role.SCHOOL_ADMIN).contains(RolePermissions.USERS_MANAGE_SCHOOL));
        assertTrue(new RolePermissions(Map.of("school_admin", "users.manage.school")).of(Role.SCHOOL_ADMIN)
                .contains(RolePermissions.USERS_MANAGE_SCHOOL));

        RoutePolicy policy = new RoutePolicy();
        for (String route : List.of("GET /api/users", "POST /api/users", "GET /api/users/5", "PUT /api/users/5",
                "POST /api/users/5/password", "POST /api/users/5/unlock", "GET /api/roles")) {
            String[] mp = route.split(" ");
            assertEquals(Set.of(Permissions.USERS_MANAGE, RolePermissions.USERS_MANAGE_SCHOOL),
                    policy.decide(mp[0], mp[1]).requirement().anyOf(), route);
        }
    }

    @Test
    void sheListsAndReadsOnlyTheAccountsAllOfWhoseSchoolsAreHers() {
        assertEquals(List.of("liyisheng", "wanglaoshi", "xiaozhang"), names(as(principal, accounts::list)),
                "no county account, nobody of another school, nobody shared with another school");
        for (Account x : List.of(principal, teacherA, healthA)) {
            assertEquals(Optional.of(x.id()), as(principal, () -> accounts.get(x.id())).map(Account::id), x.username());
        }
        for (Account x : List.of(county, officer, teacherB, adminB, shared)) {
            assertTrue(as(principal, () -> accounts.get(x.id())).isEmpty(), x.username() + " is out of her reach");
        }
        assertEquals(List.of("duban", "liangxiao", "liyisheng", "tuchengxz", "wanglaoshi", "xianji", "xiaozhang",
                "zhaolaoshi"), names(as(county, accounts::list)), "the county administrator keeps every account");
        assertTrue(as(county, () -> accounts.get(teacherB.id())).isPresent());
        assertEquals(Account.SCHOOL_ROLES, as(principal, accounts::grantableRoles));
        assertEquals(EnumSet.allOf(Role.class), as(county, accounts::grantableRoles));

        // the second line: a caller with neither permission is refused by the service itself
        assertThrows(ForbiddenException.class, () -> as(teacherA, accounts::list));
        assertThrows(ForbiddenException.class, () -> as(teacherA, () -> accounts.get(teacherA.id())));
    }

    @Test
    void sheSetsTheNewPasswordOfHerTeachersButNotOfTheCountyNorAnotherSchool() {
        act(principal, () -> accounts.resetPassword(teacherA.id(), NEW_PASSWORD));
        assertEquals(Status.OK, login(teacherA, NEW_PASSWORD, "10.1.0.1"));
        assertEquals(Status.BAD_CREDENTIALS, login(teacherA, PASSWORD, "10.1.0.2"));

        for (Account x : List.of(county, officer, teacherB, shared)) {
            assertThrows(NotFoundException.class, () -> act(principal, () -> accounts.resetPassword(x.id(), NEW_PASSWORD)),
                    x.username());
            assertEquals(Status.OK, login(x, PASSWORD, "10.1.0.3"), x.username() + " keeps its password");
        }
        // her own password she changes with the current one, not here
        TestSupport.assertRefused("password", () -> act(principal, () -> accounts.resetPassword(principal.id(), NEW_PASSWORD)));
        assertEquals(Status.OK, login(principal, PASSWORD, "10.1.0.4"));

        act(county, () -> accounts.resetPassword(teacherB.id(), NEW_PASSWORD));
        assertEquals(Status.OK, login(teacherB, NEW_PASSWORD, "10.1.0.5"), "the county administrator keeps everything");
        long resets = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'PASSWORD_RESET'");
        assertEquals(2, resets, "the refused ones changed nothing");
    }

    @Test
    void sheUnlocksTheAccountsOfHerSchoolOnly() {
        for (Account x : List.of(healthA, teacherB, county)) {
            for (int i = 0; i < 5; i++) {
                login(x, "guess-" + i, "10.2.0.1");
            }
            assertEquals(Status.THROTTLED, login(x, PASSWORD, "10.2.0.1"), x.username());
        }
        act(principal, () -> accounts.unlock(healthA.id()));
        assertEquals(Status.OK, login(healthA, PASSWORD, "10.2.0.1"));
        for (Account x : List.of(teacherB, county)) {
            assertThrows(NotFoundException.class, () -> act(principal, () -> accounts.unlock(x.id())), x.username());
            assertEquals(Status.THROTTLED, login(x, PASSWORD, "10.2.0.1"), x.username() + " still waits");
        }
        act(county, () -> accounts.unlock(teacherB.id()));
        assertEquals(Status.OK, login(teacherB, PASSWORD, "10.2.0.1"));
    }

    @Test
    void sheCreatesAccountsWithSchoolRolesForHerSchoolsOnly() {
        Account created = as(principal, () -> accounts.create(new UserInput("zhanglaoshi", "张老师", PASSWORD,
                EnumSet.of(Role.TEACHER), Set.of(a.id()), Set.of(a1.id()), null, true)));
        assertEquals(Set.of(a.id()), created.schoolIds());
        assertTrue(as(principal, accounts::list).stream().anyMatch(x -> x.id() == created.id()), "and manages it");
        as(principal, () -> accounts.create(new UserInput("xiaozhang2", null, PASSWORD, EnumSet.of(Role.SCHOOL_ADMIN,
                Role.HEALTH_WORKER), Set.of(a.id()), Set.of(), null, true)));

        for (Role county : List.of(Role.COUNTY_ADMIN, Role.OFFICER)) {
            TestSupport.assertRefused("roles", () -> as(principal, () -> accounts.create(new UserInput("xinxian", null, PASSWORD,
                    EnumSet.of(county), Set.of(), Set.of(), null, true))));
            TestSupport.assertRefused("roles", () -> as(principal, () -> accounts.create(new UserInput("xinxian", null, PASSWORD,
                    EnumSet.of(county, Role.SCHOOL_ADMIN), Set.of(a.id()), Set.of(), null, true))));
        }
        TestSupport.assertRefused("schoolIds", () -> as(principal, () -> accounts.create(new UserInput("xinxian", null,
                PASSWORD, EnumSet.of(Role.TEACHER), Set.of(b.id()), Set.of(b1.id()), null, true))));
        TestSupport.assertRefused("schoolIds", () -> as(principal, () -> accounts.create(new UserInput("xinxian", null,
                PASSWORD, EnumSet.of(Role.HEALTH_WORKER), Set.of(a.id(), b.id()), Set.of(), null, true))));
        assertTrue(accounts.byName("xinxian").isEmpty(), "nothing refused was stored");

        Account byCounty = as(county, () -> accounts.create(new UserInput("xinxian", null, PASSWORD, EnumSet.of(Role.OFFICER),
                Set.of(), Set.of(), null, true)));
        assertEquals(Set.of(Role.OFFICER), byCounty.roles(), "the county administrator grants any role");
    }

    @Test
    void sheChangesTheAccountsOfHerSchoolWithinItAndCannotWidenHerOwn() {
        Account renamed = as(principal, () -> accounts.update(teacherA.id(), teacherA.version(), same(teacherA, "王老师")));
        assertEquals("王老师", renamed.displayName());
        Account promoted = as(principal, () -> accounts.update(healthA.id(), healthA.version(),
                input(healthA, EnumSet.of(Role.SCHOOL_ADMIN), Set.of(a.id()), Set.of(), true, null)));
        assertEquals(Set.of(Role.SCHOOL_ADMIN), promoted.roles());
        Account disabled = as(principal, () -> accounts.update(promoted.id(), promoted.version(),
                input(promoted, promoted.roles(), promoted.schoolIds(), Set.of(), false, null)));
        assertFalse(disabled.active(), "she may disable an account of her school");

        TestSupport.assertRefused("roles", () -> as(principal, () -> accounts.update(renamed.id(), renamed.version(),
                input(renamed, EnumSet.of(Role.COUNTY_ADMIN), Set.of(), Set.of(), true, null))));
        TestSupport.assertRefused("schoolIds", () -> as(principal, () -> accounts.update(renamed.id(), renamed.version(),
                input(renamed, renamed.roles(), Set.of(a.id(), b.id()), renamed.classIds(), true, null))));
        assertEquals(renamed, accounts.byName(renamed.username()).orElseThrow(), "nothing refused was stored");
        for (Account x : List.of(county, officer, teacherB, adminB, shared)) {
            assertThrows(NotFoundException.class, () -> as(principal, () -> accounts.update(x.id(), x.version(),
                    same(x, "改名"))), x.username());
            assertEquals(x, accounts.byName(x.username()).orElseThrow());
        }

        // her own account: the name, yes; what it reaches and whether it is active, no
        Account self = as(principal, () -> accounts.update(principal.id(), principal.version(), same(principal, "张校长")));
        assertEquals("张校长", self.displayName());
        TestSupport.assertRefused("roles", () -> as(principal, () -> accounts.update(self.id(), self.version(),
                input(self, EnumSet.of(Role.SCHOOL_ADMIN, Role.HEALTH_WORKER), self.schoolIds(), Set.of(), true, null))));
        TestSupport.assertRefused("active", () -> as(principal, () -> accounts.update(self.id(), self.version(),
                input(self, self.roles(), self.schoolIds(), Set.of(), false, null))));
        TestSupport.assertRefused("classIds", () -> as(principal, () -> accounts.update(self.id(), self.version(),
                input(self, self.roles(), self.schoolIds(), Set.of(a1.id()), true, null))));
        assertEquals(self, accounts.byName(self.username()).orElseThrow());

        Account moved = as(county, () -> accounts.update(teacherB.id(), teacherB.version(),
                input(teacherB, teacherB.roles(), Set.of(a.id()), Set.of(a1.id()), true, null)));
        assertEquals(Set.of(a.id()), moved.schoolIds(), "the county administrator keeps everything");
        assertTrue(as(principal, () -> accounts.get(moved.id())).isPresent(), "moved to her school, in her reach");
    }
}
