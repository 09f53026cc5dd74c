package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * No 5xx from bad input, over real HTTP, for every route of the route table as it is now (the core's, the web
 * console's and the five shipped programmes', listed from the Servlet Whiteboard runtime with their {@code guanai.route}
 * declarations, as {@link AuthorisationMatrixIT} does), signed in as the county administrator and as a class teacher:
 * <ul>
 * <li>malformed path ids: beyond a {@code long}, negative, zero, not a number, Unicode digits;</li>
 * <li>malformed query parameters (page, size, dates, years, months, ids, flags …);</li>
 * <li>malformed JSON bodies: not JSON, truncated, deeply nested, an array, a string or a number instead of an object,
 * an empty object, and per field: a null inside a list, a wrong type, a number beyond any range, an object instead of
 * a value.</li>
 * </ul>
 * No answer may be a 5xx, and every 4xx must be the JSON error body ({@code error} and {@code message_zh} /
 * {@code message_en}, or {@code errors} naming fields in both languages). A path id that is not a record id (out of
 * range, negative, zero, not a number) is a record that does not exist: {@code 404} (or {@code 403} to a caller
 * without the route's permission, which is checked first).
 * <p>
 * Parameters and fields are tried without knowing which ones a route reads: all at once, and each one a route names
 * in its 400 is taken away for the next request, until the route answers something else. A route that refuses unknown
 * fields (the core, activities) is asked once which of the fields it knows.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class MalformedInputIT {
    static final String PASSWORD = "Malformed-pass-2026";

    /** Path ids that are no record id; the first two are beyond a long (the 500 of issue 14). */
    static final List<String> BAD_IDS = List.of("9223372036854775808", "99999999999999999999999999", "-1", "0", "abc",
            "1.5", "1e3", "%D9%A1%D9%A2", "%EF%BC%91", "9223372036854775807");
    /** Placeholders that name something other than a numeric record id. */
    static final Set<String> NOT_NUMERIC = Set.of("{programme}", "{bsn}", "{semester}", "{scheme}", "{item}", "{period}");
    static final List<String> BAD_NAMES = List.of("ABC", "a".repeat(300), "%E4%B8%AD", "..", "-1", "9223372036854775808");

    /** Every query parameter a route of the platform reads (the core's, the programmes'). */
    static final List<String> PARAMS = List.of("page", "size", "from", "to", "date", "asOf", "today", "year", "month",
            "semester", "schoolYear", "range", "days", "limit", "class", "child", "user", "mentor", "version", "action",
            "entity", "leftBehindType", "guardianKind", "includeArchived", "includeInactive", "q", "calendar", "kinds",
            "elders", "lang", "scope", "status", "format", "what", "all", "history", "home", "name");
    static final List<String> BAD_VALUES = List.of("x", "-1", "0", "99999999999999999999", "2026-02-30", "", "%D9%A1%D9%A2",
            "2026-13", "1e400", "null");

    /** Fields of the bodies the platform reads, besides the core records' own (added from the records below). */
    static final List<String> FIELDS = List.of("username", "displayName", "password", "roles", "schoolIds", "classIds",
            "staffId", "active", "expiresInDays", "enabled", "settings", "confirm", "version",
            // notifications (issue 19)
            "email", "mobile", "channels",
            // activities
            "atHome", "cadence", "counterpart", "end", "evidence", "heldOn", "kind", "manager", "minutes", "nameEn", "nameZh",
            "note", "occasion", "occurredOn", "openedOn", "organiser", "participants", "quantity", "reminderWeeks", "replace",
            "scheme", "start", "times", "title", "type", "untilOn", "variant",
            // birthdays
            "birthday", "calendar", "date", "gradeLevel", "month", "partyDate", "reflectionText", "wishText",
            // health
            "attendance", "body", "channel", "checks", "childName", "closed", "closedOn", "code", "dbp", "deliveredOn",
            "endsOn", "findings", "flagged", "followUp", "followUps", "fpHousehold", "girlsOnly", "hardship", "hardshipReason",
            "heightCm", "inPopulation", "keyTarget", "lecturer", "measuredOn", "measures", "notifiedOn", "notifyWithinDays",
            "oneChild", "outcome", "outcomeNote", "parentsNotified", "present", "pubertyAttendees", "recipient",
            "recipientName", "referredOn", "referredTo", "sbp", "semester", "startsOn", "status", "text", "topic",
            "twoDaughtersSterilised", "unit", "value", "weightKg",
            // pairing
            "all", "assessedOn", "basis", "capacity", "childId", "classId", "items", "mentorId", "min", "notes", "obligations",
            "on", "period", "recordedOn", "scope", "scores", "topics", "vettedOn");

    /** Values that no field of any route accepts as they are (each also tried inside a list and an object). */
    static final List<String> BAD_FIELD_VALUES = List.of("[null]", "null", "\"x\"", "99999999999999999999999", "1e400", "-1",
            "{\"a\":[null]}", "[1,\"x\",null,{}]", "true", "\"\"", "\"9223372036854775808\"", "1.5", "[[[[[[]]]]]]");

    /** Bodies that are not a JSON object of fields. */
    static final List<String> BAD_BODIES = List.of("", "null", "[]", "[{}]", "{}", "\"text\"", "123",
            "99999999999999999999999999999999", "{\"a\":", "{\"a\":1}garbage", "[" .repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"a\":[" + "1,".repeat(20000) + "1]}", "\uFEFF{}");

    /** The core's creations that {@link #template} has a valid body for. */
    static final Set<String> TEMPLATES = Set.of("POST /api/users", "POST /api/schools", "POST /api/schools/{school}/classes",
            "POST /api/schools/{school}/staff", "POST /api/children", "POST /api/children/{child}/guardians",
            "POST /api/children/{child}/parents", "POST /api/tokens", "POST /api/users/{user}/password");

    /** Routes whose bodies carry credentials: malformed structures only, never a guessed password (lockout). */
    static final Set<String> CREDENTIALS = Set.of("POST /api/login", "POST /api/me/password");

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

    private final ObjectMapper json = new ObjectMapper();
    private final Fixtures fixtures = new Fixtures();
    private final List<String> failures = new ArrayList<>();
    private int requests;
    /** Records created from templates so far (their names and ID numbers differ). */
    private int created;
    private Map<String, String> values;
    private long school;

    @Test
    void noRouteAnswers5xxToMalformedInput() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "malformed");
        school = place.school().id();
        for (ProgrammeStatus p : programmes.programmes()) {
            programmes.setEnabled(school, p.id(), true, Map.of());
        }
        Child child = children.create(Fixtures.withStudentNumber(fixtures.child(place, "周小雨", LocalDate.of(2016, 7, 8),
                Gender.FEMALE)));
        Guardian guardian = guardians.addGuardian(new Guardian(null, 0, child.id(), GuardianKind.GRANDPARENTS, "周奶奶", "奶奶", "务农",
                "温水镇大坪村3组", "15912345678", "良好", 66, null, true));
        Parent parent = guardians.addParent(new Parent(null, 0, child.id(), ParentRole.MOTHER, "周妈妈", "13800138000", null, true,
                "广东省", "东莞市", null, null, null, null, null, null, true, false));
        Staff staff = schools.createStaff(new Staff(null, 0, school, "周老师", StaffRole.HEAD_TEACHER, Gender.FEMALE, "13912345678",
                "语文", true));
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
        long user = createUser(admin, "mx" + tag + "other", "[\"HEALTH_WORKER\"]", "[" + school + "]", "[]");
        createUser(admin, "mx" + tag + "teacher", "[\"TEACHER\"]", "[" + school + "]", "[" + place.schoolClass().id() + "]");
        Api teacher = admin.as("mx" + tag + "teacher", PASSWORD);

        values = new LinkedHashMap<>();
        values.put("{school}", String.valueOf(school));
        values.put("{class}", String.valueOf(place.schoolClass().id()));
        values.put("{child}", String.valueOf(child.id()));
        values.put("{guardian}", String.valueOf(guardian.id()));
        values.put("{parent}", String.valueOf(parent.id()));
        values.put("{staff}", String.valueOf(staff.id()));
        values.put("{user}", String.valueOf(user));
        values.put("{token}", "999999");
        values.put("{bsn}", "org.guanai.none");

        List<Route> routes = new ArrayList<>(RouteTable.routes(runtime.getService(), context, admin));
        assertTrue(routes.size() > 100, "routes found: " + routes.size());
        // removals last, so that the records the other routes use stay in place
        routes.sort((a, b) -> Boolean.compare(a.method().equals("DELETE"), b.method().equals("DELETE")));
        long start = System.nanoTime();
        for (Route route : routes) {
            for (Api caller : List.of(admin, teacher)) {
                pathIds(caller, route);
                if (route.method().equals("GET") || route.method().equals("DELETE")) {
                    queryParameters(caller, route);
                } else {
                    bodies(caller, route);
                }
            }
        }
        schoolSelection(teacher);
        System.out.printf("MalformedInputIT: %d routes, %d requests in %d s%n", routes.size(), requests,
                (System.nanoTime() - start) / 1_000_000_000L);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + requests + " malformed requests answered wrongly:\n" + String.join("\n", failures));
        }
    }

    private long createUser(Api admin, String name, String roles, String schoolIds, String classIds) throws Exception {
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":" + roles + ",\"schoolIds\":" + schoolIds + ",\"classIds\":" + classIds + "}");
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body()).get("id").asLong();
    }

    // ---- the three kinds of malformed input

    /** Each placeholder of the route in turn gets each malformed id; the others get real records. */
    private void pathIds(Api caller, Route route) throws Exception {
        List<String> placeholders = route.placeholders();
        for (int i = 0; i < placeholders.size(); i++) {
            String placeholder = placeholders.get(i);
            boolean numeric = !NOT_NUMERIC.contains(placeholder);
            for (String bad : numeric ? BAD_IDS : BAD_NAMES) {
                String path = path(route, i, bad);
                String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
                HttpResponse<String> r = send(caller, route.method(), path, body);
                String what = route + " as " + caller + " with " + placeholder + " = " + bad;
                check(what, r);
                boolean notAnId = numeric && !bad.equals("9223372036854775807");
                if (notAnId && r.statusCode() != 404 && r.statusCode() != 403 && r.statusCode() < 500) {
                    failures.add(what + ": expected 404 (no such record), got " + r.statusCode() + " " + cut(r.body()));
                }
            }
        }
    }

    /**
     * Every known parameter with the same malformed value; the ones the route names in a 400 are taken away, until it
     * answers something else. DELETE routes only get {@code version} (and never an empty one: that would remove).
     */
    private void queryParameters(Api caller, Route route) throws Exception {
        boolean delete = route.method().equals("DELETE");
        for (String bad : BAD_VALUES) {
            if (delete && bad.isEmpty()) {
                continue;
            }
            Set<String> left = new LinkedHashSet<>(delete ? List.of("version") : PARAMS);
            for (int round = 0; round < PARAMS.size() + 1 && !left.isEmpty(); round++) {
                StringBuilder query = new StringBuilder();
                for (String p : left) {
                    query.append(query.length() == 0 ? "?" : "&").append(p).append('=').append(bad);
                }
                HttpResponse<String> r = send(caller, route.method(), path(route, -1, null) + query, null);
                check(route + " as " + caller + " with " + query, r);
                if (!left.removeAll(namedFields(r))) {
                    break;
                }
            }
        }
    }

    /**
     * Malformed bodies as a whole; then, where the test has a valid body (an update: the record as it is; a creation
     * of the core: a template), each field in turn malformed; then every field the route knows malformed at once.
     */
    private void bodies(Api caller, Route route) throws Exception {
        String path = path(route, -1, null);
        for (String bad : BAD_BODIES) {
            check(route + " as " + caller + " with body " + cut(bad), send(caller, route.method(), path, bad));
        }
        if (CREDENTIALS.contains(route.toString())) {
            return;
        }
        if (route.method().equals("PUT") || TEMPLATES.contains(route.toString())) {
            eachField(caller, route, path);
        }
        Set<String> known = knownFields(caller, route, path);
        for (String bad : BAD_FIELD_VALUES) {
            Set<String> left = new LinkedHashSet<>(known);
            for (int round = 0; round < known.size() + 1 && !left.isEmpty(); round++) {
                ObjectNode body = json.createObjectNode();
                for (String f : left) {
                    body.set(f, json.readTree(bad));
                }
                String text = json.writeValueAsString(body);
                HttpResponse<String> r = send(caller, route.method(), path, text);
                check(route + " as " + caller + " with " + bad + " in " + left.size() + " fields: " + cut(text), r);
                if (!left.removeAll(namedFields(r))) {
                    break;
                }
            }
        }
    }

    /**
     * The fields a route does not refuse as unknown: asked with a field no route has, then with every field of the
     * dictionary, taking away each one the route names until it stops naming any.
     */
    private Set<String> knownFields(Api caller, Route route, String path) throws Exception {
        Set<String> all = new LinkedHashSet<>(FIELDS);
        for (Class<?> record : List.of(Child.class, Guardian.class, Parent.class, School.class, SchoolClass.class, Staff.class)) {
            for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
                all.add(c.getName());
            }
        }
        HttpResponse<String> probe = send(caller, route.method(), path, "{\"zzNoSuchField\":1}");
        String unknown = message(probe, "zzNoSuchField");
        if (unknown == null) {
            return all; // a route that ignores fields it does not read
        }
        Set<String> known = new LinkedHashSet<>(all);
        Set<String> left = new LinkedHashSet<>(all);
        for (int round = 0; round < all.size() + 1 && !left.isEmpty(); round++) {
            ObjectNode body = json.createObjectNode();
            left.forEach(f -> body.put(f, 1));
            HttpResponse<String> r = send(caller, route.method(), path, json.writeValueAsString(body));
            check(route + " as " + caller + " with every field = 1", r);
            Set<String> named = namedFields(r);
            for (String f : named) {
                if (unknown.equals(message(r, f))) {
                    known.remove(f);
                }
            }
            if (!left.removeAll(named)) {
                break;
            }
        }
        return known;
    }

    /**
     * One malformed field at a time in an otherwise valid body, so that the request gets past the checks of the other
     * fields: an update starts from the record as it is (read again after a change, for its new version), a creation of
     * the core from a valid record ({@link #TEMPLATES}).
     */
    private void eachField(Api caller, Route route, String path) throws Exception {
        boolean update = route.method().equals("PUT");
        ObjectNode base = update ? current(caller, path) : template(route);
        Set<String> dropped = new TreeSet<>();
        for (int round = 0; update && base != null && round < 10; round++) {
            // what the record shows but an update does not take (createdAt …) is left out, as a client would
            Set<String> named = namedFields(send(caller, route.method(), path, json.writeValueAsString(base)));
            if (named.isEmpty()) {
                break;
            }
            named.forEach(base::remove);
            dropped.addAll(named);
        }
        if (base == null) {
            return;
        }
        List<String> fields = new ArrayList<>();
        base.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            for (String bad : BAD_FIELD_VALUES) {
                ObjectNode body = base.deepCopy();
                body.set(field, json.readTree(bad));
                String text = json.writeValueAsString(body);
                HttpResponse<String> r = send(caller, route.method(), path, text);
                check(route + " as " + caller + " with " + field + " = " + bad + ": " + cut(text), r);
                if (r.statusCode() < 300) {
                    base = update ? current(caller, path) : template(route); // changed: its new version; created: a new one
                    if (base == null) {
                        return;
                    }
                    dropped.forEach(base::remove);
                }
            }
        }
    }

    /** The record at {@code path} as the caller reads it, or {@code null}. */
    private ObjectNode current(Api caller, String path) throws Exception {
        HttpResponse<String> r = send(caller, "GET", path, null);
        return r.statusCode() == 200 && json.readTree(r.body()) instanceof ObjectNode record ? record : null;
    }

    /** Valid bodies for the core's creations, each one new (unique names and ID numbers). */
    private ObjectNode template(Route route) throws Exception {
        int n = ++created;
        String body = switch (route.toString()) {
            case "POST /api/users" -> "{\"username\":\"mxu" + n + Long.toString(System.nanoTime() % 100_000, 36) + "\",\"password\":\""
                    + PASSWORD + "\",\"displayName\":\"周老师\",\"roles\":[\"TEACHER\"],\"schoolIds\":[" + school
                    + "],\"classIds\":[" + values.get("{class}") + "],\"active\":true}";
            case "POST /api/schools" -> "{\"name\":\"测试学校-mx-" + n + "-" + System.nanoTime() + "\",\"county\":\"习水县\"}";
            case "POST /api/schools/{school}/classes" -> "{\"grade\":4,\"name\":\"四年级(" + n + ")班\"}";
            case "POST /api/schools/{school}/staff" -> "{\"name\":\"吴老师\",\"role\":\"TEACHER\",\"gender\":\"MALE\","
                    + "\"phone\":\"13912345678\",\"subject\":\"数学\",\"active\":true}";
            case "POST /api/children" -> {
                LocalDate born = LocalDate.of(2014, 1, 1).plusDays(n);
                yield "{\"name\":\"吴小" + n + "\",\"gender\":\"MALE\",\"birthDate\":\"" + born + "\",\"idNumber\":\""
                        + fixtures.idNumber(born, Gender.MALE) + "\",\"schoolId\":" + school + ",\"classId\":"
                        + values.get("{class}") + ",\"leftBehindType\":\"BOTH_AWAY\",\"flags\":[\"POOR\"]}";
            }
            case "POST /api/children/{child}/guardians" -> "{\"kind\":\"GRANDPARENTS\",\"name\":\"周爷爷\",\"relation\":\"爷爷\","
                    + "\"phone\":\"15912345678\",\"age\":68,\"primary\":false}";
            case "POST /api/children/{child}/parents" -> "{\"role\":\"FATHER\",\"name\":\"周爸爸\",\"away\":true,"
                    + "\"workProvince\":\"浙江省\",\"awaySince\":\"2022-02-01\"}";
            case "POST /api/tokens" -> "{\"name\":\"脚本\",\"expiresInDays\":30}";
            case "POST /api/users/{user}/password" -> "{\"password\":\"" + PASSWORD + "\"}";
            default -> null;
        };
        return body == null ? null : (ObjectNode) json.readTree(body);
    }

    /** A malformed {@code school}: as the query parameter and as the header. */
    private void schoolSelection(Api caller) throws Exception {
        for (String bad : BAD_IDS) {
            for (String path : List.of("/api/children?school=" + bad, "/api/programmes/pairing/mentors?school=" + bad)) {
                check("GET " + path + " as " + caller, send(caller, "GET", path, null, null));
            }
            if (!bad.startsWith("%")) {
                check("GET /api/children as " + caller + " with X-Guanai-School " + bad, send(caller, "GET", "/api/children", null, bad));
            }
        }
    }

    // ---- requests and what an answer must be

    /** The route's path with real records, and {@code bad} for the placeholder at {@code index}. */
    private String path(Route route, int index, String bad) {
        List<String> placeholders = route.placeholders();
        String path = route.template();
        for (int i = 0; i < placeholders.size(); i++) {
            String p = placeholders.get(i);
            String v = i == index ? bad : p.equals("{programme}") ? programmeOf(route) : values.getOrDefault(p, "999999999");
            path = path.replaceFirst(java.util.regex.Pattern.quote(p), java.util.regex.Matcher.quoteReplacement(v));
        }
        return path;
    }

    /** {@code /api/schools/{school}/programmes/{programme}}: a shipped one; a purge: one that is not installed. */
    private static String programmeOf(Route route) {
        return route.template().startsWith("/api/admin/") ? "nosuch" : "pairing";
    }

    private HttpResponse<String> send(Api caller, String method, String path, String body) throws Exception {
        return send(caller, method, path, body, String.valueOf(school));
    }

    private HttpResponse<String> send(Api caller, String method, String path, String body, String schoolHeader) throws Exception {
        requests++;
        try {
            return caller.send(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    schoolHeader);
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " as " + caller + ": " + e, e);
        }
    }

    /** No 5xx; a 4xx is the JSON error body. */
    private void check(String what, HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) {
            failures.add(what + ": " + status + " " + cut(r.body()));
            return;
        }
        if (status < 400) {
            return;
        }
        String problem = errorBodyProblem(r);
        if (problem != null) {
            failures.add(what + ": " + status + " " + problem + ": " + cut(r.body()));
        }
    }

    private String errorBodyProblem(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return "not JSON (" + type + ")";
        }
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (java.io.IOException e) {
            return "not JSON";
        }
        if (!(body instanceof ObjectNode) || !body.path("error").isTextual()) {
            return "no \"error\"";
        }
        if (body.path("message_zh").isTextual() && body.path("message_en").isTextual()) {
            return null;
        }
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return "no message_zh/message_en nor errors";
        }
        for (JsonNode e : errors) {
            if (!e.path("field").isTextual() || !e.path("message_zh").isTextual() || !e.path("message_en").isTextual()) {
                return "an error without field, message_zh and message_en";
            }
        }
        return null;
    }

    /** The fields a 400 names (the top-level name of each, {@code "a.b"} → {@code a}). */
    private Set<String> namedFields(HttpResponse<String> r) {
        Set<String> out = new TreeSet<>();
        if (r.statusCode() != 400) {
            return out;
        }
        try {
            for (JsonNode e : json.readTree(r.body()).path("errors")) {
                String f = e.path("field").asText("");
                out.add(f.split("[.\\[]", 2)[0]);
            }
        } catch (java.io.IOException e) {
            // not JSON: reported by check
        }
        return out;
    }

    /** The English message a 400 gives for {@code field}, or {@code null}. */
    private String message(HttpResponse<String> r, String field) {
        if (r.statusCode() != 400) {
            return null;
        }
        try {
            for (Iterator<JsonNode> it = json.readTree(r.body()).path("errors").elements(); it.hasNext();) {
                JsonNode e = it.next();
                if (e.path("field").asText("").split("[.\\[]", 2)[0].equals(field)) {
                    return e.path("message_en").asText();
                }
            }
        } catch (java.io.IOException e) {
            // not JSON: reported by check
        }
        return null;
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
