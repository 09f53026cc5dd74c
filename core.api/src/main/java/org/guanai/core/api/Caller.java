package org.guanai.core.api;

import java.util.Optional;
import java.util.Set;

/**
 * 当前用户: who makes the current request and for which school it acts.
 * <p>
 * A request acts for one school: the caller's only school, or, for a caller with several (a 县级管理员), the school named
 * by the {@code school} query parameter or the {@code X-Guanai-School} header. The core works this out once, for every
 * route; programmes read it through {@link CallerContext} and cannot change it.
 *
 * @param user       user name, e.g. {@code admin}
 * @param allSchools the caller may act for every school (county level)
 * @param schoolIds  the schools the caller belongs to, when not {@code allSchools}
 * @param schoolId   the school this request acts for, if one is chosen
 * @param permissions permission ids the caller holds, e.g. {@code registry.read}, {@code health.read}
 */
public record Caller(String user, boolean allSchools, Set<Long> schoolIds, Optional<Long> schoolId, Set<String> permissions) {

    /** Copies the sets; {@code schoolId} may not be {@code null}. */
    public Caller {
        schoolIds = Set.copyOf(schoolIds);
        permissions = Set.copyOf(permissions);
        if (schoolId == null) {
            throw new IllegalArgumentException("schoolId is Optional.empty(), not null");
        }
    }

    /** @return whether the caller may act for the school */
    public boolean mayActFor(long school) {
        return allSchools || schoolIds.contains(school);
    }

    /** @return whether the caller holds the permission */
    public boolean has(String permission) {
        return permissions.contains(permission);
    }
}
