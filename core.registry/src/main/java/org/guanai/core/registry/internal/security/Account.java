package org.guanai.core.registry.internal.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.guanai.core.api.dto.Role;

/**
 * 用户账号: a user account as the administration pages see it (never with its password hash).
 *
 * @param id          database id
 * @param version     optimistic-lock version
 * @param username    登录名, lower case
 * @param displayName 姓名
 * @param roles       角色
 * @param schoolIds   所属学校 (a county-level role acts for every school)
 * @param classIds    所带班级, given explicitly (a 班主任 also sees the classes whose head teacher is their staff record)
 * @param staffId     the staff record of the person, optional
 * @param active      false once the account is disabled (failed logins never lock an account: they slow down the
 *                    address they come from, see {@link LoginThrottle})
 * @param createdAt   created
 * @param updatedAt   last changed
 */
public record Account(long id, long version, String username, String displayName, Set<Role> roles, Set<Long> schoolIds,
        Set<Long> classIds, Long staffId, boolean active, Instant createdAt, Instant updatedAt) {

    /** Roles that act for every school of the county. */
    public static final Set<Role> COUNTY_ROLES = EnumSet.of(Role.COUNTY_ADMIN, Role.OFFICER);
    /**
     * Roles of one school's staff: the only ones an administrator limited to her schools
     * ({@link RolePermissions#USERS_MANAGE_SCHOOL}) may grant, and an account she manages has no other.
     */
    static final Set<Role> SCHOOL_ROLES = EnumSet.of(Role.SCHOOL_ADMIN, Role.TEACHER, Role.HEALTH_WORKER);
    /** Roles that see every class of their schools; a teacher alone sees only their classes. */
    public static final Set<Role> ALL_CLASS_ROLES = EnumSet.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.HEALTH_WORKER, Role.OFFICER);

    public Account {
        roles = Set.copyOf(roles);
        schoolIds = Set.copyOf(schoolIds);
        classIds = Set.copyOf(classIds);
    }

    /** @return whether the account acts for every school */
    public boolean allSchools() {
        return roles.stream().anyMatch(COUNTY_ROLES::contains);
    }

    /** @return whether the account sees every class of its schools */
    public boolean allClasses() {
        return roles.stream().anyMatch(ALL_CLASS_ROLES::contains);
    }
}
