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
        return toBuilder().schoolId(school).build();
    }

    /**
     * A caller, e.g. for a programme's unit tests of code that reads {@link CallerContext}: what to write instead of the
     * canonical constructor, which changes whenever the caller gains a component.
     *
     * @param user the user name
     * @return a builder for a caller with no role, no school, no class, no permission and no school chosen (the
     *         least reach; grant what the caller needs)
     */
    public static Builder builder(String user) {
        return new Builder(user);
    }

    /** @return a builder holding this caller's values */
    public Builder toBuilder() {
        return new Builder(user).roles(roles).allSchools(allSchools).schoolIds(schoolIds).allClasses(allClasses)
                .classIds(classIds).schoolId(schoolId).permissions(permissions);
    }

    /**
     * Builds a {@link Caller}: one setter per component, named after it (see the record's parameters). A component added
     * to the record in a later version gets a setter here, and code written against this builder keeps compiling and
     * linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private final String user;
        private Set<String> roles = Set.of();
        private boolean allSchools;
        private Set<Long> schoolIds = Set.of();
        private boolean allClasses;
        private Set<Long> classIds = Set.of();
        private Optional<Long> schoolId = Optional.empty();
        private Set<String> permissions = Set.of();

        private Builder(String user) {
            this.user = user;
        }

        public Builder roles(Set<String> value) { roles = value; return this; }
        public Builder allSchools(boolean value) { allSchools = value; return this; }
        public Builder schoolIds(Set<Long> value) { schoolIds = value; return this; }
        public Builder allClasses(boolean value) { allClasses = value; return this; }
        public Builder classIds(Set<Long> value) { classIds = value; return this; }
        public Builder schoolId(Optional<Long> value) { schoolId = value; return this; }
        public Builder permissions(Set<String> value) { permissions = value; return this; }

        /** @return this builder with {@code school} as the school the request acts for */
        public Builder schoolId(long school) {
            return schoolId(Optional.of(school));
        }

        /** @return the caller */
        public Caller build() {
            return new Caller(user, roles, allSchools, schoolIds, allClasses, classIds, schoolId, permissions);
        }
    }
}
