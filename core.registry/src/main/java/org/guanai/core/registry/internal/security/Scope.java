package org.guanai.core.registry.internal.security;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ForbiddenException;

/**
 * The services' own check of the caller (the second line after {@link AuthPreprocessor}): which schools and classes a
 * query may reach, and which permission an operation needs. Without a caller (start-up, demo data, the console, a
 * programme's background job) the services act for the platform and are not limited.
 */
public final class Scope {
    private final CallerContext callers;

    public Scope(CallerContext callers) {
        this.callers = callers;
    }

    public Optional<Caller> caller() {
        return callers == null ? Optional.empty() : callers.current();
    }

    /** Throws {@link ForbiddenException} when a caller lacks the permission. */
    public void require(String permission) {
        Optional<Caller> c = caller();
        if (c.isPresent() && !c.get().has(permission)) {
            throw new ForbiddenException(permission);
        }
    }

    /** Throws {@link ForbiddenException} when a caller holds none of the permissions. */
    void requireAny(String... permissions) {
        Optional<Caller> c = caller();
        if (c.isPresent() && java.util.Arrays.stream(permissions).noneMatch(c.get()::has)) {
            throw new ForbiddenException(String.join(" / ", permissions));
        }
    }

    /** @return whether there is no caller, or the caller holds the permission */
    public boolean allows(String permission) {
        return caller().map(c -> c.has(permission)).orElse(true);
    }

    /** @return whether a record of the school and class is within reach */
    public boolean sees(long school, Long classId) {
        return caller().map(c -> c.maySee(school, classId)).orElse(true);
    }

    /** @return whether the school is within reach */
    public boolean reaches(long school) {
        return caller().map(c -> c.mayActFor(school)).orElse(true);
    }

    /** Adds the caller's schools and, unless {@code classColumn} is {@code null}, classes to a {@code WHERE} clause. */
    public static void restrict(Caller c, StringBuilder where, List<Object> args, String schoolColumn, String classColumn) {
        if (!c.allSchools()) {
            where.append(c.schoolIds().isEmpty() ? " AND 1 = 0"
                    : " AND " + schoolColumn + " IN (" + c.schoolIds().stream().map(x -> "?").collect(Collectors.joining(", ")) + ")");
            args.addAll(c.schoolIds());
        }
        if (!c.allClasses() && classColumn != null) {
            where.append(c.classIds().isEmpty() ? " AND 1 = 0"
                    : " AND " + classColumn + " IN (" + c.classIds().stream().map(x -> "?").collect(Collectors.joining(", ")) + ")");
            args.addAll(c.classIds());
        }
    }

    public void restrict(StringBuilder where, List<Object> args, String schoolColumn, String classColumn) {
        caller().ifPresent(c -> restrict(c, where, args, schoolColumn, classColumn));
    }
}
