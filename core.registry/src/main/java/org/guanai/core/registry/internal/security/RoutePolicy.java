package org.guanai.core.registry.internal.security;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.core.api.Permissions;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.registry.internal.http.Ids;
import org.guanai.core.registry.internal.programmes.RouteTable;

/**
 * What each route requires (路由权限), decided once for every request before any servlet runs: open, any signed-in user,
 * or one of a set of permissions. The core's routes are listed here; a programme's routes follow one rule: reading
 * ({@code GET}, {@code HEAD}) needs {@code <id>.read}, anything else {@code <id>.write}, and its summary
 * ({@code GET /api/programmes/<id>/}) also answers to {@code registry.aggregate}. The web console's static files
 * ({@code GET /}, {@code /index.html}, {@code /console/…}) are open: they hold no data. A path that matches no rule is not
 * served ({@code 404}), so a bundle that registers a servlet outside these paths is unreachable. A programme that declares
 * its routes with the SDK ({@link RouteTable}) is served only on those routes, each with the permission it declared.
 */
public final class RoutePolicy {

    /** What a request needs. */
    public record Requirement(Kind kind, Set<String> anyOf) {
        static final Requirement OPEN = new Requirement(Kind.OPEN, Set.of());
        static final Requirement SIGNED_IN = new Requirement(Kind.SIGNED_IN, Set.of());
        static final Requirement NONE = new Requirement(Kind.NO_ROUTE, Set.of());

        static Requirement any(String... permissions) {
            return new Requirement(Kind.PERMISSION, Set.of(permissions));
        }
    }

    public enum Kind { OPEN, SIGNED_IN, PERMISSION, NO_ROUTE }

    /** The decision for one request: the requirement and, for {@code /api/schools/{id}/…}, the school in the path. */
    public record Decision(Requirement requirement, Optional<Long> pathSchool, Optional<String> programme) {
        Decision(Requirement requirement, Optional<Long> pathSchool) {
            this(requirement, pathSchool, Optional.empty());
        }
    }

    private record Rule(Pattern path, Requirement read, Requirement write) {
        Requirement forMethod(String method) {
            return safe(method) ? read : write;
        }
    }

    private static final String ID = Ids.PATTERN;
    private static final Pattern SCHOOL_PATH = Pattern.compile("/api/schools/(" + ID + ")(/.*)?");
    private static final Pattern PROGRAMME_API = Pattern.compile("/api/programmes/(" + ProgrammeInfo.ID.pattern() + ")(/.*)?");
    private static final Pattern PROGRAMME_UI = Pattern.compile("/ui/programmes/(" + ProgrammeInfo.ID.pattern() + ")(/.*)?");

    private final List<Rule> rules = List.of(
            // the web console's static shell and files (web.console): they hold no data, everything behind them needs a login
            rule("/|/index\\.html|/console/.+", Requirement.OPEN, Requirement.NONE),
            rule("/api/health", Requirement.OPEN, Requirement.NONE),
            rule("/api/login", Requirement.NONE, Requirement.OPEN),
            rule("/api/logout", Requirement.NONE, Requirement.OPEN),
            rule("/api/me(/password|/notifications(/test)?)?", Requirement.SIGNED_IN, Requirement.SIGNED_IN),
            // the caller's own notices (issue 19): NotificationsServlet reads and marks only the caller's rows
            rule("/api/inbox(/read-all|/" + ID + "/read)?", Requirement.SIGNED_IN, Requirement.SIGNED_IN),
            rule("/api/tokens(/" + ID + ")?", Requirement.SIGNED_IN, Requirement.SIGNED_IN),
            rule("/api/programmes", Requirement.SIGNED_IN, Requirement.NONE),
            rule("/api/openapi\\.json", Requirement.SIGNED_IN, Requirement.NONE),
            rule("/api/schools(/" + ID + ")?",
                    Requirement.any(Permissions.REGISTRY_READ, Permissions.REGISTRY_AGGREGATE),
                    Requirement.any(Permissions.SCHOOLS_MANAGE)),
            rule("/api/schools/" + ID + "/(grades|classes)(/" + ID + ")?",
                    Requirement.any(Permissions.REGISTRY_READ, Permissions.REGISTRY_AGGREGATE),
                    Requirement.any(Permissions.CLASSES_MANAGE)),
            rule("/api/schools/" + ID + "/staff(/" + ID + ")?",
                    Requirement.any(Permissions.REGISTRY_READ), Requirement.any(Permissions.CLASSES_MANAGE)),
            rule("/api/schools/" + ID + "/programmes(/[a-z][a-z0-9]{1,30})?",
                    Requirement.SIGNED_IN, Requirement.any(Permissions.PROGRAMMES_ENABLE)),
            // 花名册 (issue 16, export): the roster of a school or class, and the county's (RosterExport checks county roles)
            rule("/api/schools/" + ID + "/roster\\.xlsx", Requirement.any(Permissions.REGISTRY_READ), Requirement.NONE),
            rule("/api/roster\\.xlsx", Requirement.any(Permissions.REGISTRY_READ), Requirement.NONE),
            // roster import (issue 16)
            rule("/api/schools/" + ID + "/roster/imports", Requirement.NONE, Requirement.any(RolePermissions.REGISTRY_IMPORT)),
            rule("/api/roster/imports/" + ID, Requirement.any(RolePermissions.REGISTRY_IMPORT), Requirement.NONE),
            rule("/api/roster/template\\.xlsx", Requirement.any(RolePermissions.REGISTRY_IMPORT), Requirement.NONE),
            // guardianship alerts, incidents and mandatory reports (issue 19): their own permissions, not the archive's
            rule("/api/children/" + ID + "/incidents", Requirement.any(RolePermissions.SAFETY_READ),
                    Requirement.any(RolePermissions.SAFETY_WRITE)),
            rule("/api/alerts", Requirement.any(RolePermissions.SAFETY_READ), Requirement.NONE),
            rule("/api/alerts/counts", Requirement.any(RolePermissions.SAFETY_READ, Permissions.REGISTRY_AGGREGATE),
                    Requirement.NONE),
            rule("/api/incidents(/" + ID + "(/notices)?)?", Requirement.any(RolePermissions.SAFETY_READ),
                    Requirement.any(RolePermissions.SAFETY_WRITE)),
            rule("/api/mandatory-reports(/" + ID + ")?", Requirement.any(RolePermissions.SAFETY_READ),
                    Requirement.any(RolePermissions.SAFETY_WRITE)),
            // 报表与审核报送 (issue 20): reading a return or the list is counts only (the officer too); submitting and
            // reviewing have their own permissions; ReturnsService checks the school scope again
            rule("/api/schools/" + ID + "/returns/[^/]+", Requirement.any(Permissions.REGISTRY_AGGREGATE), Requirement.NONE),
            rule("/api/schools/" + ID + "/returns/[^/]+/submit", Requirement.NONE, Requirement.any(RolePermissions.RETURNS_SUBMIT)),
            rule("/api/returns", Requirement.any(Permissions.REGISTRY_AGGREGATE), Requirement.NONE),
            rule("/api/returns/" + ID, Requirement.any(Permissions.REGISTRY_AGGREGATE), Requirement.NONE),
            rule("/api/returns/trends", Requirement.any(Permissions.REGISTRY_AGGREGATE), Requirement.NONE),
            rule("/api/returns/" + ID + "/review", Requirement.NONE, Requirement.any(RolePermissions.RETURNS_REVIEW)),
            rule("/api/children(/.*)?", Requirement.any(Permissions.REGISTRY_READ), Requirement.any(Permissions.REGISTRY_WRITE)),
            // 本周待办 (issue 19): each contributor answers only what the caller sees and may record
            rule("/api/todo", Requirement.any(Permissions.REGISTRY_READ), Requirement.NONE),
            rule("/api/stats(/.*)?", Requirement.any(Permissions.REGISTRY_AGGREGATE, Permissions.REGISTRY_READ), Requirement.NONE),
            // the county's view (issue 20): counts for officers too; the 民政 layout is personal data (county roles, MinzhengExport)
            rule("/api/county/dashboard", Requirement.any(Permissions.REGISTRY_AGGREGATE, Permissions.REGISTRY_READ),
                    Requirement.NONE),
            rule("/api/county/minzheng\\.xlsx", Requirement.any(Permissions.REGISTRY_READ), Requirement.NONE),
            // users.manage.school: the accounts of the caller's schools only, which Accounts enforces
            rule("/api/roles", Requirement.any(Permissions.USERS_MANAGE, RolePermissions.USERS_MANAGE_SCHOOL), Requirement.NONE),
            rule("/api/users(/.*)?", Requirement.any(Permissions.USERS_MANAGE, RolePermissions.USERS_MANAGE_SCHOOL),
                    Requirement.any(Permissions.USERS_MANAGE, RolePermissions.USERS_MANAGE_SCHOOL)),
            rule("/api/audit(/.*)?", Requirement.any(Permissions.AUDIT_READ), Requirement.NONE),
            rule("/api/admin/(bundles|programmes)(/.*)?", Requirement.any(Permissions.MODULES_ADMIN),
                    Requirement.any(Permissions.MODULES_ADMIN)),
            rule("/api/admin/backup(/[^/]+)?", Requirement.any(RolePermissions.SYSTEM_BACKUP),
                    Requirement.any(RolePermissions.SYSTEM_BACKUP)));

    /** The routes programmes declared with the SDK; {@code null} where none are known (tests of the core's rules). */
    private final RouteTable declared;

    public RoutePolicy() {
        this(null);
    }

    public RoutePolicy(RouteTable declared) {
        this.declared = declared;
    }

    private static Rule rule(String regex, Requirement read, Requirement write) {
        return new Rule(Pattern.compile(regex), read, write);
    }

    static boolean safe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** @return what {@code method path} requires; {@code path} is decoded and normalised */
    public Decision decide(String method, String path) {
        Optional<Long> school = Optional.empty();
        Matcher sm = SCHOOL_PATH.matcher(path);
        if (sm.matches()) {
            OptionalLong id = Ids.parse(sm.group(1));
            if (id.isEmpty()) {
                return new Decision(Requirement.NONE, school); // beyond a long: no such school (404 once signed in)
            }
            school = Optional.of(id.getAsLong());
        }
        for (Rule r : rules) {
            if (r.path().matcher(path).matches()) {
                return new Decision(r.forMethod(method), school);
            }
        }
        Matcher pm = PROGRAMME_API.matcher(path);
        if (pm.matches()) {
            String id = pm.group(1);
            String rest = pm.group(2);
            if (safe(method) && (rest == null || rest.equals("/"))) {
                return new Decision(Requirement.any(Permissions.read(id), Permissions.REGISTRY_AGGREGATE), school, Optional.of(id));
            }
            Requirement byMethod = safe(method) ? Requirement.any(Permissions.read(id)) : Requirement.any(Permissions.write(id));
            RouteTable.Resolution r = declared == null ? null : declared.resolve(id, method, rest);
            if (r != null && r.declared() && r.match().isEmpty() && r.methods().isEmpty()) {
                if (r.bundles().stream().anyMatch(declared::pending)) {
                    // Its services are coming or going (an update, a restart): the programme gate and the dispatcher
                    // answer the swap window (503), not a route missing for good.
                    return new Decision(byMethod, school, Optional.of(id));
                }
                r = declared.resolve(id, method, rest); // the swap may have ended between the two looks
            }
            if (r != null && r.declared()) {
                // A programme on the SDK: only what it declared is served, with the permission it declared.
                if (r.match().isPresent()) {
                    return new Decision(Requirement.any(r.match().get().route().permission()), school, Optional.of(id));
                }
                // the path is declared with other methods: signed in is enough to be told which (405 from the dispatcher)
                return new Decision(r.methods().isEmpty() ? Requirement.NONE : Requirement.SIGNED_IN, school, Optional.of(id));
            }
            return new Decision(byMethod, school, Optional.of(id));
        }
        Matcher um = PROGRAMME_UI.matcher(path);
        if (um.matches()) {
            return new Decision(safe(method) ? Requirement.any(Permissions.read(um.group(1))) : Requirement.NONE, school,
                    Optional.of(um.group(1)));
        }
        return new Decision(Requirement.NONE, school);
    }
}
