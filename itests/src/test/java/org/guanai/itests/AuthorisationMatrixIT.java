package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.itests.RouteTable.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The authorisation matrix: every route registered with the Servlet Whiteboard right now (the core's and every
 * installed programme's, read from the runtime, so new routes are picked up by themselves) × every role and no login ×
 * a record of the caller's own school and one of another school (for {@code {user}}: a teacher's account of that
 * school), against the expected status:
 * <ul>
 * <li>no login: {@code 401} (only {@code /api/health} and the login routes are open);</li>
 * <li>another school, for a role limited to its schools: {@code 404} (not {@code 403}: nothing is revealed);</li>
 * <li>the own school without the route's permission: {@code 403};</li>
 * <li>the own school with it: served (not 401, 403 or 404, and no server error).</li>
 * </ul>
 * No answer to a role without {@code registry.personal} holds an 18-character ID number anywhere in its body, also
 * inside a longer string: the test's children carry the 全国学籍号 the national rule gives them ({@code G} + the ID
 * number). A servlet or resource without its {@code guanai.route} declaration fails the test, and so does a programme
 * route that serves a record of another school: a programme that forgets a check fails the build. The expected permissions of the
 * core's routes and the roles' core permissions are written here, independently of the core's own table.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class AuthorisationMatrixIT {

    /** The core's own permission to make and download backups (not in core.api: no programme needs it). */
    static final String SYSTEM_BACKUP = "system.backup";
    /** The core's own permission to manage the accounts of one's own schools (not in core.api either). */
    static final String USERS_MANAGE_SCHOOL = "users.manage.school";
    /** The core's own permission to import a roster (not in core.api either). */
    static final String REGISTRY_IMPORT = "registry.import";
    /** The core's own permissions on guardianship alerts, incidents and mandatory reports (issue 19; not in core.api). */
    static final String SAFETY_READ = "safety.read";
    static final String SAFETY_WRITE = "safety.write";
    /** The core's own permissions to submit and to review returns (issue 20; not in core.api). */
    static final String RETURNS_SUBMIT = "returns.submit";
    static final String RETURNS_REVIEW = "returns.review";

    /** What each core route needs: a permission (any of), "SIGNED_IN", or "OPEN". */
    static final Map<String, Set<String>> CORE = new HashMap<>();
    static final Set<String> SIGNED_IN = Set.of("SIGNED_IN");
    static final Set<String> OPEN = Set.of("OPEN");

    static {
        CORE.put("GET /api/health", OPEN);
        CORE.put("POST /api/login", OPEN);
        CORE.put("POST /api/logout", OPEN);
        // the web console's static files (web.console): no data in them
        for (String r : List.of("GET /", "GET /index.html", "GET /console/app.js", "GET /console/console.css",
                "GET /console/lib/preact.js", "GET /console/lib/echarts.js", "GET /console/i18n/zh.json", "GET /console/i18n/en.json")) {
            CORE.put(r, OPEN);
        }
        for (String r : List.of("GET /api/me", "POST /api/me/password", "GET /api/tokens", "POST /api/tokens",
                "DELETE /api/tokens/{token}", "GET /api/programmes", "GET /api/schools/{school}/programmes",
                "GET /api/schools/{school}/programmes/{programme}", "GET /api/openapi.json",
                // notifications (issue 19): the caller's own inbox and settings
                "GET /api/inbox", "POST /api/inbox/{notice}/read", "POST /api/inbox/read-all", "GET /api/me/notifications",
                "PUT /api/me/notifications", "POST /api/me/notifications/test")) {
            CORE.put(r, SIGNED_IN);
        }
        Set<String> readOrCount = Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_AGGREGATE);
        for (String r : List.of("GET /api/schools", "GET /api/schools/{school}", "GET /api/schools/{school}/grades",
                "GET /api/schools/{school}/classes", "GET /api/schools/{school}/classes/{class}", "GET /api/stats/children",
                // the county's view (issue 20): counts only
                "GET /api/county/dashboard")) {
            CORE.put(r, readOrCount);
        }
        CORE.put("POST /api/schools", Set.of(Permissions.SCHOOLS_MANAGE));
        CORE.put("PUT /api/schools/{school}", Set.of(Permissions.SCHOOLS_MANAGE));
        for (String r : List.of("POST /api/schools/{school}/classes", "PUT /api/schools/{school}/classes/{class}",
                "DELETE /api/schools/{school}/classes/{class}", "POST /api/schools/{school}/staff",
                "PUT /api/schools/{school}/staff/{staff}")) {
            CORE.put(r, Set.of(Permissions.CLASSES_MANAGE));
        }
        CORE.put("GET /api/schools/{school}/staff", Set.of(Permissions.REGISTRY_READ));
        // 本周待办 (issue 19): the caller's items of the week, from every enabled programme's contributor
        CORE.put("GET /api/todo", Set.of(Permissions.REGISTRY_READ));
        // 花名册 (issue 16): a school's or class's roster, and the county's (a limited role gets the schools she reaches)
        CORE.put("GET /api/schools/{school}/roster.xlsx", Set.of(Permissions.REGISTRY_READ));
        CORE.put("GET /api/roster.xlsx", Set.of(Permissions.REGISTRY_READ));
        // the 民政 layout (issue 20): the county's; a limited role gets the schools she reaches, as the 花名册
        CORE.put("GET /api/county/minzheng.xlsx", Set.of(Permissions.REGISTRY_READ));
        CORE.put("GET /api/schools/{school}/staff/{staff}", Set.of(Permissions.REGISTRY_READ));
        CORE.put("PUT /api/schools/{school}/programmes/{programme}", Set.of(Permissions.PROGRAMMES_ENABLE));
        CORE.put("GET /api/programmes/{programme}", Set.of("{programme}.read", Permissions.REGISTRY_AGGREGATE));
        CORE.put("GET /ui/programmes/{programme}/main.js", Set.of("{programme}.read"));
        for (String r : List.of("GET /api/users", "POST /api/users", "GET /api/users/{user}", "PUT /api/users/{user}",
                "POST /api/users/{user}/password", "POST /api/users/{user}/unlock", "GET /api/roles",
                "GET /api/users/{user}/notifications", "PUT /api/users/{user}/notifications")) {
            CORE.put(r, Set.of(Permissions.USERS_MANAGE, USERS_MANAGE_SCHOOL));
        }
        for (String r : List.of("/api/children", "/api/children/{child}", "/api/children/{child}/history",
                "/api/children/{child}/eligibility", "/api/children/{child}/guardians", "/api/children/{child}/guardians/{guardian}",
                "/api/children/{child}/parents", "/api/children/{child}/parents/{parent}")) {
            CORE.put("GET " + r, Set.of(Permissions.REGISTRY_READ));
            for (String m : List.of("POST", "PUT", "DELETE")) {
                CORE.put(m + " " + r, Set.of(Permissions.REGISTRY_WRITE));
            }
        }
        CORE.put("POST /api/children/{child}/card-check", Set.of(Permissions.REGISTRY_WRITE));
        // the programmes' sections of the archive page (issue 21)
        CORE.put("GET /api/children/{child}/sections", Set.of(Permissions.REGISTRY_READ));
        CORE.put("GET /api/audit", Set.of(Permissions.AUDIT_READ));
        CORE.put("GET /api/audit/verify", Set.of(Permissions.AUDIT_READ));
        for (String r : List.of("GET /api/admin/bundles", "POST /api/admin/bundles", "POST /api/admin/bundles/dry-run",
                "GET /api/admin/bundles/log", "GET /api/admin/bundles/{bsn}", "PUT /api/admin/bundles/{bsn}",
                "DELETE /api/admin/bundles/{bsn}", "POST /api/admin/bundles/{bsn}/stop", "POST /api/admin/bundles/{bsn}/start",
                "POST /api/admin/programmes/{programme}/purge")) {
            CORE.put(r, Set.of(Permissions.MODULES_ADMIN));
        }
        for (String r : List.of("POST /api/admin/backup", "GET /api/admin/backup", "GET /api/admin/backup/{backup}")) {
            CORE.put(r, Set.of(SYSTEM_BACKUP));
        }
        // guardianship alerts, incidents and mandatory reports (issue 19): not the health worker's nor the officer's
        for (String r : List.of("GET /api/alerts", "GET /api/incidents", "GET /api/incidents/{incident}",
                "GET /api/mandatory-reports", "GET /api/children/{child}/incidents")) {
            CORE.put(r, Set.of(SAFETY_READ));
        }
        for (String r : List.of("POST /api/incidents/{incident}/notices", "PUT /api/mandatory-reports/{report}",
                "POST /api/children/{child}/incidents")) {
            CORE.put(r, Set.of(SAFETY_WRITE));
        }
        CORE.put("GET /api/alerts/counts", Set.of(SAFETY_READ, Permissions.REGISTRY_AGGREGATE));
        // 报表与审核报送 (issue 20): a return and the list are counts (the officer too); submit and review their own
        for (String r : List.of("GET /api/schools/{school}/returns/{period}", "GET /api/schools/{school}/returns/{period}.xlsx",
                "GET /api/returns", "GET /api/returns/trends", "GET /api/returns/{submission}")) {
            CORE.put(r, Set.of(Permissions.REGISTRY_AGGREGATE));
        }
        CORE.put("POST /api/schools/{school}/returns/{period}/submit", Set.of(RETURNS_SUBMIT));
        CORE.put("POST /api/returns/{submission}/review", Set.of(RETURNS_REVIEW));
        // roster import (issue 16); the reach of an import's status is checked by RosterImportIT
        for (String r : List.of("POST /api/schools/{school}/roster/imports", "GET /api/roster/imports/{import}",
                "GET /api/roster/template.xlsx")) {
            CORE.put(r, Set.of(REGISTRY_IMPORT));
        }
    }


    /** The core permissions each role holds (the security model of the issue). */
    static final Map<Role, Set<String>> ROLE_CORE = new EnumMap<>(Role.class);

    static {
        ROLE_CORE.put(Role.COUNTY_ADMIN, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE, Permissions.REGISTRY_PERSONAL,
                Permissions.REGISTRY_CONTACT, Permissions.REGISTRY_HEALTH, Permissions.REGISTRY_AGGREGATE, Permissions.SCHOOLS_MANAGE,
                Permissions.CLASSES_MANAGE, Permissions.USERS_MANAGE, Permissions.PROGRAMMES_ENABLE, Permissions.MODULES_ADMIN,
                Permissions.AUDIT_READ, SYSTEM_BACKUP, REGISTRY_IMPORT, SAFETY_READ, SAFETY_WRITE, RETURNS_REVIEW));
        ROLE_CORE.put(Role.SCHOOL_ADMIN, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE, Permissions.REGISTRY_PERSONAL,
                Permissions.REGISTRY_CONTACT, Permissions.REGISTRY_HEALTH, Permissions.REGISTRY_AGGREGATE, Permissions.CLASSES_MANAGE,
                Permissions.PROGRAMMES_ENABLE, USERS_MANAGE_SCHOOL, REGISTRY_IMPORT, SAFETY_READ, SAFETY_WRITE, RETURNS_SUBMIT));
        ROLE_CORE.put(Role.TEACHER, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE, Permissions.REGISTRY_CONTACT,
                SAFETY_READ, SAFETY_WRITE));
        ROLE_CORE.put(Role.HEALTH_WORKER, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_CONTACT, Permissions.REGISTRY_HEALTH));
        ROLE_CORE.put(Role.OFFICER, Set.of(Permissions.REGISTRY_AGGREGATE));
    }

    static final String PASSWORD = "Matrix-pass-2026";
    /** Placeholders whose records may not exist: 404 is a fine answer to a permitted caller. */
    static final Set<String> UNSCOPED = Set.of("{bsn}", "{token}", "{import}", "{submission}");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    GuardianService guardians;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;

    private final Fixtures fixtures = new Fixtures();
    private final ObjectMapper json = new ObjectMapper();

    /** One school's records, made fresh where a request removes them. */
    private final class Side {
        final Fixtures.Place place;
        final Staff staff;
        final Child child;
        /** A teacher's account of this school, made over HTTP by the county administrator ({@link #users}). */
        long user;
        /** Fresh children get different birth dates, so their ID numbers never collide. */
        private int born;

        Side(String tag) {
            place = Fixtures.school(schools, tag);
            staff = schools.createStaff(new Staff(null, 0, place.school().id(), "李老师", StaffRole.HEAD_TEACHER, Gender.FEMALE,
                    "13912345678", "语文", true));
            child = children.create(Fixtures.withStudentNumber(fixtures.child(place, "王小" + tag, LocalDate.of(2016, 5, 4),
                    Gender.MALE)));
            guardian();
            parent();
        }

        Guardian guardian() {
            return guardians.addGuardian(new Guardian(null, 0, child.id(), GuardianKind.GRANDPARENTS, "王奶奶", "奶奶", "务农",
                    "温水镇大坪村3组", "15912345678", "良好", 66, null, false));
        }

        Parent parent() {
            List<Parent> existing = guardians.parents(child.id());
            for (Parent p : existing) {
                guardians.removeParent(p.id(), p.version());
            }
            return guardians.addParent(new Parent(null, 0, child.id(), ParentRole.MOTHER, "张妈妈", "13800138000", null, true,
                    "广东省", "东莞市", null, null, null, null, null, null, true, false));
        }

        String value(String placeholder, boolean fresh) {
            return switch (placeholder) {
                case "{school}" -> String.valueOf(place.school().id());
                case "{class}" -> String.valueOf(fresh ? schools.createClass(new SchoolClass(null, 0, place.school().id(), 4,
                        "四年级(" + System.nanoTime() % 100000 + ")班", null)).id() : place.schoolClass().id());
                case "{child}" -> String.valueOf(fresh ? children.create(Fixtures.withStudentNumber(fixtures.child(place,
                        "赵小" + "一二三四五六七八九十".charAt((int) (System.nanoTime() % 10)), LocalDate.of(2015, 3, 3).plusDays(born++),
                        Gender.FEMALE))).id() : child.id());
                case "{guardian}" -> String.valueOf(fresh ? guardian().id() : guardians.guardians(child.id()).get(0).id());
                case "{parent}" -> String.valueOf(fresh ? parent().id() : guardians.parents(child.id()).get(0).id());
                case "{staff}" -> String.valueOf(staff.id());
                case "{user}" -> String.valueOf(user);
                default -> throw new IllegalArgumentException(placeholder);
            };
        }
    }

    @Test
    void everyRouteEveryRoleOwnAndOtherSchool() throws Exception {
        Api admin = Api.ready(runtime);
        boolean installed = installTemplateProgramme(admin);
        try {
            matrix(admin);
        } finally {
            if (installed) {
                assertEquals(200, admin.send("DELETE", "/api/admin/bundles/org.guanai.examples.calls", null, null).statusCode());
            }
        }
    }

    private void matrix(Api admin) throws Exception {
        Side own = new Side("甲");
        Side other = new Side("乙");
        for (String programme : programmes.programmes().stream().map(ProgrammeStatus::id).toList()) {
            programmes.setEnabled(own.place.school().id(), programme, true, Map.of());
            programmes.setEnabled(other.place.school().id(), programme, true, Map.of());
        }
        Map<Role, Api> users = users(admin, own, other);
        Set<Route> routes = RouteTable.routes(runtime.getService(), context, admin);
        assertTrue(routes.size() > 40, "routes found: " + routes);

        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            Set<String> required = required(route);
            // no login
            if (!required.equals(OPEN)) {
                HttpResponse<String> r = call(admin.anonymous(), route, own, false);
                requests++;
                if (r.statusCode() != 401) {
                    failures.add(route + " without login: " + r.statusCode());
                }
                for (Role role : Role.values()) {
                    boolean permitted = required.equals(SIGNED_IN) || required.stream().anyMatch(p -> holds(role, p));
                    boolean county = role == Role.COUNTY_ADMIN || role == Role.OFFICER;
                    boolean fresh = route.method().equals("DELETE");
                    // own school; another school; the own school named but a record of another school in the path
                    int ownStatus = 0;
                    for (int variant = 0; variant < 3; variant++) {
                        if (variant == 2 && (county || !hasRecord(route))) {
                            continue;
                        }
                        HttpResponse<String> res = variant == 2 ? call(users.get(role), route, other, own, fresh)
                                : call(users.get(role), route, variant == 0 ? own : other, fresh);
                        requests++;
                        int status = res.statusCode();
                        String where = route + " as " + role + (variant == 0 ? " (own school)" : variant == 1 ? " (other school)"
                                : " (own school, record of another school)");
                        if (!ROLE_CORE.get(role).contains(Permissions.REGISTRY_PERSONAL)) {
                            // without registry.personal no answer holds an ID number, in any field (a 学籍号 is G + the ID number)
                            List<String> ids = Fixtures.idNumbersIn(res.body());
                            if (!ids.isEmpty()) {
                                failures.add(where + ": the answer holds " + ids.size() + " ID number(s), e.g. "
                                        + ids.get(0).substring(0, 6) + "…, without registry.personal: " + cut(res.body()));
                            }
                        }
                        if (variant == 0) {
                            ownStatus = status;
                        }
                        if (variant == 2 && !permitted && !route.template().contains("{school}")) {
                            // the route's permission is checked before any record is looked up
                            if (status != 403) {
                                failures.add(where + ": expected 403, got " + status + " " + cut(res.body()));
                            }
                        } else if (variant == 2 && status == 400 && ownStatus == 400) {
                            // the body is refused before any record is looked up, for every record alike: reveals nothing
                        } else if (variant == 1 && !county || variant == 2) {
                            if (status != 404) {
                                failures.add(where + ": expected 404, got " + status + " " + cut(res.body()));
                            }
                        } else if (!permitted) {
                            if (status != 403) {
                                failures.add(where + ": expected 403, got " + status + " " + cut(res.body()));
                            }
                        } else {
                            boolean mayBeAbsent = UNSCOPED.stream().anyMatch(route.template()::contains) || ownRecord(route);
                            if (status == 401 || status == 403 || status >= 500 || status == 404 && !mayBeAbsent) {
                                failures.add(where + ": expected to be served, got " + status + " " + cut(res.body()));
                            }
                        }
                    }
                }
            } else {
                HttpResponse<String> r = call(admin.anonymous(), route, own, false);
                requests++;
                if (r.statusCode() == 401 || r.statusCode() >= 500) {
                    failures.add(route + " is open but answered " + r.statusCode());
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + requests + " requests answered wrongly:\n" + String.join("\n", failures));
        }
    }

    /** The permissions a route needs (any of), from the table above or, for a programme, its rule. */
    private Set<String> required(Route route) {
        if (route.permission() != null) {
            return Set.of(route.permission()); // declared with the SDK: the test checks it is what the core enforces
        }
        String key = route.toString();
        if (CORE.containsKey(key)) {
            return CORE.get(key).stream().map(p -> p.replace("{programme}", "calls")).collect(java.util.stream.Collectors.toSet());
        }
        String t = route.template();
        boolean read = route.method().equals("GET") || route.method().equals("HEAD");
        for (String prefix : List.of("/api/programmes/", "/ui/programmes/")) {
            if (t.startsWith(prefix)) {
                String id = t.substring(prefix.length()).split("/")[0];
                return Set.of(read ? id + ".read" : id + ".write");
            }
        }
        fail("No expectation for the core route " + key + ": add it to AuthorisationMatrixIT.CORE");
        return Set.of();
    }

    private boolean holds(Role role, String permission) {
        if (ROLE_CORE.get(role).contains(permission)) {
            return true;
        }
        for (ProgrammeStatus s : programmes.programmes()) {
            if (s.info() != null) {
                for (ProgrammeInfo.PermissionInfo p : s.info().permissions()) {
                    if (p.id().equals(permission) && p.roles().contains(role)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether the route names a record of the programme's own ({@code {pair}}, {@code {campaign}} …): the test cannot
     * create one, sends an id that does not exist, and accepts 404 for it.
     */
    private static boolean ownRecord(Route route) {
        return java.util.regex.Pattern.compile("\\{[a-z]+\\}").matcher(route.template()
                .replaceAll("\\{(school|class|child|guardian|parent|staff|programme|bsn|token|user)\\}", "")).find();
    }

    /** The placeholders of records each school has, own or other (a user: an account of that school). */
    private static final List<String> RECORDS = List.of("{school}", "{class}", "{child}", "{guardian}", "{parent}", "{staff}",
            "{user}");

    private static boolean hasRecord(Route route) {
        return RECORDS.stream().anyMatch(route.template()::contains);
    }

    private HttpResponse<String> call(Api api, Route route, Side side, boolean fresh) throws Exception {
        return call(api, route, side, side, fresh);
    }

    /** Records from {@code records}, acting for the school of {@code acting}. */
    private HttpResponse<String> call(Api api, Route route, Side records, Side acting, boolean fresh) throws Exception {
        try {
            return doCall(api, route, records, acting, fresh);
        } catch (java.io.IOException e) {
            // one retry: a connection the server closed after an earlier answer
            try {
                return doCall(api, route, records, acting, fresh);
            } catch (java.io.IOException again) {
                throw new AssertionError(route + " as " + api + ": " + again, again);
            }
        }
    }

    private HttpResponse<String> doCall(Api api, Route route, Side side, Side acting, boolean fresh) throws Exception {
        String path = route.template();
        for (String placeholder : RECORDS) {
            if (path.contains(placeholder)) {
                // a DELETE gets a fresh record for its last placeholder; the ones before it are the side's own
                boolean last = route.template().lastIndexOf('{') == route.template().indexOf(placeholder);
                path = path.replace(placeholder, side.value(placeholder, fresh && last));
            }
        }
        path = path.replace("{programme}", "calls").replace("{bsn}", "org.guanai.none").replace("{token}", "999999").replace("{import}", "999999")
                .replace("{period}", "2026Q4").replaceAll("\\{[a-z]+\\}", "999999999");
        String body = route.method().equals("GET") || route.method().equals("DELETE") ? null
                : route.template().endsWith("/programmes/{programme}") && route.method().equals("PUT") ? "{\"enabled\":true}"
                : "{}";
        return api.send(route.method(), path, "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), String.valueOf(acting.place.school().id()));
    }

    /**
     * One account per role for the own school (county roles for every school); the own school's teacher is the
     * {@code {user}} of the own school, and a teacher of the other school that of the other.
     */
    private Map<Role, Api> users(Api admin, Side own, Side other) throws Exception {
        Map<Role, Api> out = new EnumMap<>(Role.class);
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (Role role : Role.values()) {
            String name = "m" + tag + role.name().toLowerCase().replace("_", "");
            long id = account(admin, name, role, own);
            if (role == Role.TEACHER) {
                own.user = id;
            }
            out.put(role, admin.as(name, PASSWORD));
        }
        other.user = account(admin, "m" + tag + "otherteacher", Role.TEACHER, other);
        return out;
    }

    /** Creates an account over HTTP as the county administrator; a teacher gets the side's class; returns its id. */
    private long account(Api admin, String name, Role role, Side side) throws Exception {
        boolean county = role == Role.COUNTY_ADMIN || role == Role.OFFICER;
        String body = "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role.name() + "\"],"
                + "\"schoolIds\":" + (county ? "[]" : "[" + side.place.school().id() + "]") + ","
                + "\"classIds\":" + (role == Role.TEACHER ? "[" + side.place.schoolClass().id() + "]" : "[]") + "}";
        HttpResponse<String> r = admin.json("POST", "/api/users", body);
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body()).get("id").asLong();
    }

    /**
     * The cells of user administration a school administrator ({@code users.manage.school}) must not cross, with the
     * records the matrix cannot name: she lists only the accounts of her school (none of the county's, none of another
     * school, none shared with another school), reads none of the others ({@code 404}), cannot set the county
     * administrator's password nor unlock an account of another school ({@code 404}, nothing changed), cannot grant
     * {@code COUNTY_ADMIN} or {@code OFFICER} nor a school not hers ({@code 400} naming the field, nothing stored), and
     * does set her teacher's password and unlock it.
     */
    @Test
    void aSchoolAdministratorManagesTheAccountsOfHerSchoolOnly() throws Exception {
        Api admin = Api.ready(runtime);
        Side own = new Side("丙");
        Side other = new Side("丁");
        String tag = "u" + Long.toString(System.nanoTime() % 1_000_000, 36);
        account(admin, tag + "xz", Role.SCHOOL_ADMIN, own);
        Api principal = admin.as(tag + "xz", PASSWORD);
        long teacher = account(admin, tag + "teacher", Role.TEACHER, own);
        long otherTeacher = account(admin, tag + "other", Role.TEACHER, other);
        long county = account(admin, tag + "county", Role.COUNTY_ADMIN, own);
        HttpResponse<String> sharedAccount = admin.json("POST", "/api/users", "{\"username\":\"" + tag + "shared\",\"password\":\""
                + PASSWORD + "\",\"roles\":[\"HEALTH_WORKER\"],\"schoolIds\":[" + own.place.school().id() + ","
                + other.place.school().id() + "]}");
        assertEquals(201, sharedAccount.statusCode(), sharedAccount.body());
        long shared = json.readTree(sharedAccount.body()).get("id").asLong();
        JsonNode adminAccount = null;
        for (JsonNode u : json.readTree(admin.get("/api/users").body()).get("items")) {
            if (u.get("username").asText().equals("admin")) {
                adminAccount = u;
            }
        }
        assertTrue(adminAccount != null, "the county administrator admin");
        long adminId = adminAccount.get("id").asLong();

        List<String> listed = new ArrayList<>();
        HttpResponse<String> list = principal.get("/api/users");
        assertEquals(200, list.statusCode(), list.body());
        for (JsonNode u : json.readTree(list.body()).get("items")) {
            listed.add(u.get("username").asText());
            assertEquals("[" + own.place.school().id() + "]", u.get("schoolIds").toString(), "only her school: " + u);
        }
        assertEquals(List.of(tag + "teacher", tag + "xz"), listed.stream().filter(n -> n.startsWith(tag)).sorted().toList());
        assertTrue(!listed.contains("admin"), "no county account: " + listed);
        assertEquals(200, principal.get("/api/users/" + teacher).statusCode());
        for (long id : List.of(adminId, county, otherTeacher, shared)) {
            HttpResponse<String> r = principal.get("/api/users/" + id);
            assertEquals(404, r.statusCode(), "user " + id + ": " + r.body());
        }
        JsonNode grantable = json.readTree(principal.get("/api/roles").body()).get("grantable");
        assertEquals("[\"SCHOOL_ADMIN\",\"TEACHER\",\"HEALTH_WORKER\"]", grantable.toString());

        // the county administrator's password stays his
        String taken = "Harbour-Lantern-Quail-58";
        for (long id : List.of(adminId, county, otherTeacher)) {
            HttpResponse<String> r = principal.json("POST", "/api/users/" + id + "/password", "{\"password\":\"" + taken + "\"}");
            assertEquals(404, r.statusCode(), "reset " + id + ": " + r.body());
            assertEquals(404, principal.json("POST", "/api/users/" + id + "/unlock", null).statusCode(), "unlock " + id);
        }
        assertEquals(adminAccount.get("updatedAt"), json.readTree(admin.get("/api/users/" + adminId).body()).get("updatedAt"),
                "the county administrator's account is untouched");
        assertEquals(200, admin.get("/api/me").statusCode(), "admin signs in with his own password");

        // no county role, no other school
        for (String roles : List.of("[\"COUNTY_ADMIN\"]", "[\"OFFICER\"]", "[\"SCHOOL_ADMIN\",\"COUNTY_ADMIN\"]")) {
            HttpResponse<String> r = principal.json("POST", "/api/users", "{\"username\":\"" + tag + "new\",\"password\":\""
                    + PASSWORD + "\",\"roles\":" + roles + ",\"schoolIds\":[" + own.place.school().id() + "]}");
            assertFieldRefused(r, "roles");
        }
        HttpResponse<String> elsewhere = principal.json("POST", "/api/users", "{\"username\":\"" + tag + "new\",\"password\":\""
                + PASSWORD + "\",\"roles\":[\"HEALTH_WORKER\"],\"schoolIds\":[" + other.place.school().id() + "]}");
        assertFieldRefused(elsewhere, "schoolIds");
        JsonNode t = json.readTree(principal.get("/api/users/" + teacher).body());
        HttpResponse<String> promote = principal.json("PUT", "/api/users/" + teacher, "{\"version\":" + t.get("version")
                + ",\"roles\":[\"COUNTY_ADMIN\"],\"schoolIds\":[],\"classIds\":[]}");
        assertFieldRefused(promote, "roles");
        for (JsonNode u : json.readTree(admin.get("/api/users").body()).get("items")) {
            assertTrue(!u.get("username").asText().equals(tag + "new"), "nothing refused was stored");
            if (u.get("id").asLong() == teacher) {
                assertEquals("[\"TEACHER\"]", u.get("roles").toString());
            }
        }

        // her teacher: a new password and unlocked
        assertEquals(204, principal.json("POST", "/api/users/" + teacher + "/password", "{\"password\":\"" + taken + "\"}")
                .statusCode());
        assertEquals(200, admin.anonymous().as(tag + "teacher", taken).get("/api/me").statusCode());
        assertEquals(204, principal.json("POST", "/api/users/" + teacher + "/unlock", null).statusCode());
    }

    /** A {@code 400} naming {@code field} in both languages. */
    private void assertFieldRefused(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode errors = json.readTree(r.body()).get("errors");
        for (JsonNode e : errors) {
            if (e.get("field").asText().equals(field)) {
                assertTrue(!e.get("message_zh").asText().isBlank() && !e.get("message_en").asText().isBlank(), r.body());
                return;
            }
        }
        fail("no error on " + field + ": " + r.body());
    }

    /** @return whether this test installed it (and so removes it again) */
    private boolean installTemplateProgramme(Api admin) throws Exception {
        byte[] jar = Files.readAllBytes(Path.of(context.getProperty("programme.template.jar")));
        HttpResponse<String> r = admin.jar("POST", "/api/admin/bundles", jar);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 409 || r.statusCode() == 200, r.body());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (programmes.programme("calls").map(p -> p.state().name()).orElse("").equals("ACTIVE") == false) {
            if (System.nanoTime() > deadline) {
                fail("programme calls not ACTIVE: " + programmes.programme("calls"));
            }
            Thread.sleep(100);
        }
        return r.statusCode() == 201;
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) : s;
    }
}
