package org.guanai.core.api;

import java.util.Optional;
import java.util.Set;

/**
 * 当前用户: who makes the current request and for which school it acts.
 * <p>
 * A request acts for one school: the caller's only school, or, for a caller with several (a 县级管理员), the school named
 * by the {@code school} query parameter or the {@code X-Guanai-School} header. The core works this out once, for every
 * route, and answers {@code 404} when the named school is not one of the caller's; programmes read the result through
 * {@link CallerContext} and cannot change it.
 *
 * @param user        user name, e.g. {@code admin}
 * @param roles       role names, e.g. {@code TEACHER} (see {@link org.guanai.core.api.dto.Role})
 * @param allSchools  the caller may act for every school (county level)
 * @param schoolIds   the schools the caller belongs to, when not {@code allSchools}
 * @param allClasses  the caller sees every class of its schools; {@code false} for a 班主任, who sees {@code classIds}
 * @param classIds    the classes the caller is limited to, when not {@code allClasses}
 * @param schoolId    the school this request acts for, if one is chosen
 * @param permissions permission ids the caller holds, e.g. {@code registry.read}, {@code health.read}
 */
public record Caller(String user, Set<String> roles, boolean allSchools, Set<Long> schoolIds, boolean allClasses,
        Set<Long> classIds, Optional<Long> schoolId, Set<String> permissions) {

    /** Copies the sets; {@code schoolId} may not be {@code null}. */
    public Caller {
        roles = Set.copyOf(roles);
        schoolIds = Set.copyOf(schoolIds);
        classIds = Set.copyOf(classIds);
        permissions = Set.copyOf(permissions);
        if (schoolId == null) {
            throw new IllegalArgumentException("schoolId is Optional.empty(), not null");
        }
    }

    /** @return whether the caller may act for the school */
    public boolean mayActFor(long school) {
        return allSchools || schoolIds.contains(school);
    }

    /** @return whether a record of the school and class (or of no class) is within the caller's reach */
    public boolean maySee(long school, Long classId) {
        return mayActFor(school) && (allClasses || classId != null && classIds.contains(classId));
    }

    /** @return whether the caller holds the permission */
    public boolean has(String permission) {
        return permissions.contains(permission);
    }

    /** @return a copy acting for {@code school} */
    public Caller actingFor(Optional<Long> school) {
        return new Caller(user, roles, allSchools, schoolIds, allClasses, classIds, school, permissions);
    }
}
