package org.guanai.plugin.birthdays.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.dto.Child;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The programme's routes under {@code /api/programmes/birthdays/} (see the README for each). The core has signed the
 * caller in, checked {@code birthdays.read}/{@code birthdays.write} and the school before this servlet runs; here every
 * child, class, staff member, party and celebration is checked to be of the school the request acts for and within the
 * caller's classes (404 otherwise).
 */
@Component(service = Servlet.class, property = { //
        "guanai.route=GET /api/programmes/birthdays/upcoming", //
        "guanai.route=GET /api/programmes/birthdays/classes", //
        "guanai.route=GET /api/programmes/birthdays/classes/{class}/upcoming", //
        "guanai.route=GET /api/programmes/birthdays/staff/{staff}/upcoming", //
        "guanai.route=GET /api/programmes/birthdays/month", //
        "guanai.route=GET /api/programmes/birthdays/festivals", //
        "guanai.route=GET /api/programmes/birthdays/occasions", //
        "guanai.route=GET /api/programmes/birthdays/reminders", //
        "guanai.route=GET /api/programmes/birthdays/coverage", //
        "guanai.route=GET /api/programmes/birthdays/children/{child}/birthday", //
        "guanai.route=PUT /api/programmes/birthdays/children/{child}/birthday", //
        "guanai.route=PUT /api/programmes/birthdays/children/{child}/parents/{parent}/birthday", //
        "guanai.route=PUT /api/programmes/birthdays/children/{child}/guardians/{guardian}/birthday", //
        "guanai.route=POST /api/programmes/birthdays/children/{child}/celebrations", //
        "guanai.route=GET /api/programmes/birthdays/parties", //
        "guanai.route=POST /api/programmes/birthdays/parties", //
        "guanai.route=GET /api/programmes/birthdays/parties/{party}", //
        "guanai.route=PUT /api/programmes/birthdays/celebrations/{celebration}", //
        "guanai.route=GET /api/programmes/birthdays/classes/{class}/calendar.ics" })
@HttpWhiteboardServletPattern("/api/programmes/" + BirthdaysProgramme.ID + "/*")
public final class BirthdaysServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final int MAX_DAYS = 366;

    /** A 4xx answer: status, error code, and the field it is about (or {@code null}). */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String field;

        Refusal(int status, String code, String field) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
            this.field = field;
        }
    }

    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final transient ResourceBundle zh = bundle(Locale.CHINESE);
    private final transient ResourceBundle en = bundle(Locale.ENGLISH);
    private final transient CallerContext callers;
    private final transient ChildService children;
    private final transient GuardianService guardians;
    private final transient BirthdayStore store;
    private final transient RosterService rosters;
    private final transient OccasionService occasions;
    private final transient Reminders reminders;
    private final transient LunarCalendar lunar;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditTrail audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile EventAdmin events;

    /** Posted after a party batch was created: properties {@code id}, {@code schoolId}, {@code classId} (if any), {@code month}, {@code children}. */
    static final String TOPIC_PARTY_CREATED = "org/guanai/programmes/birthdays/party/CREATED";
    /** Posted after a celebration was recorded or changed: {@code id}, {@code schoolId}, {@code childId}, {@code birthday}, {@code celebrated}. */
    static final String TOPIC_CELEBRATION = "org/guanai/programmes/birthdays/celebration/UPDATED";

    @Activate
    public BirthdaysServlet(@Reference CallerContext callers, @Reference ChildService children, @Reference GuardianService guardians,
            @Reference BirthdayStore store, @Reference RosterService rosters,
            @Reference OccasionService occasions, @Reference Reminders reminders) {
        this.callers = callers;
        this.children = children;
        this.guardians = guardians;
        this.store = store;
        this.rosters = rosters;
        this.occasions = occasions;
        this.reminders = reminders;
        this.lunar = occasions.lunar();
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin e = events;
        if (e != null) {
            e.postEvent(new Event(topic, props));
        }
    }

    private void posted(Celebration c) {
        post(TOPIC_CELEBRATION, Map.of("id", c.id(), "schoolId", c.schoolId(), "childId", c.childId(), "birthday", c.birthday().toString(),
                "celebrated", c.celebrated()));
    }

    private static ResourceBundle bundle(Locale l) {
        return ResourceBundle.getBundle("org.guanai.plugin.birthdays.internal.messages", l, BirthdaysServlet.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Override
    protected void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String[] path = rq.getPathInfo() == null || rq.getPathInfo().length() < 2 ? new String[0] : rq.getPathInfo().substring(1).split("/");
        Caller caller = callers.current().orElseThrow();
        long school = caller.schoolId().orElseThrow();
        String m = rq.getMethod();
        try {
            Object out = route(rq, rs, path, m, caller, school);
            if (out != null) {
                write(rs, rs.getStatus() == 0 ? 200 : rs.getStatus(), out);
            }
        } catch (Refusal r) {
            error(rs, r.status, r.code, r.field);
        } catch (SQLException e) {
            log("birthdays: database error", e);
            error(rs, 500, "internal", null);
        }
    }

    private Object route(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, Caller caller, long school)
            throws Refusal, SQLException, IOException {
        if (p.length == 1 && m.equals("GET")) {
            switch (p[0]) {
            case "upcoming":
                return upcoming(rq, caller, school, null);
            case "month":
                return month(rq, caller, school);
            case "festivals":
                return festivals(rq);
            case "occasions":
                return occasionList(rq, caller, school);
            case "reminders":
                return remindersDue(rq, caller, school);
            case "coverage":
                return coverage(rq, caller, school);
            case "parties":
                return parties(rq, caller, school);
            case "classes":
                return classes(caller, school);
            default:
                break;
            }
        }
        if (p.length == 1 && p[0].equals("parties") && m.equals("POST")) {
            rs.setStatus(201);
            return createParty(rq, caller, school);
        }
        if (p.length == 3 && p[0].equals("classes") && m.equals("GET") && (p[2].equals("upcoming") || p[2].equals("calendar.ics"))) {
            Roster.ClassInfo c = schoolClass(p[1], caller, school);
            if (p[2].equals("upcoming")) {
                return upcoming(rq, caller, school, Set.of(c.id()));
            }
            feed(rq, rs, caller, school, c);
            return null;
        }
        if (p.length == 3 && p[0].equals("staff") && p[2].equals("upcoming") && m.equals("GET")) {
            long staff = id(p[1]);
            Roster r = rosters.roster(school);
            if (!r.staff().contains(staff)) {
                throw new Refusal(404, "notFound", null);
            }
            Set<Long> classes = new HashSet<>();
            for (Roster.ClassInfo c : r.classes().values()) {
                if (Long.valueOf(staff).equals(c.headTeacherId())) {
                    classes.add(c.id());
                }
            }
            return upcoming(rq, caller, school, classes);
        }
        if (p.length >= 3 && p[0].equals("children")) {
            Child child = child(p[1], caller, school);
            if (p.length == 3 && p[2].equals("birthday")) {
                if (m.equals("GET")) {
                    return birthday(child, caller);
                }
                if (m.equals("PUT")) {
                    return setCalendar(rq, caller, child, BirthdayStore.PersonKind.CHILD, child.id());
                }
            }
            if (p.length == 3 && p[2].equals("celebrations") && m.equals("POST")) {
                rs.setStatus(201);
                return recordCelebration(rq, caller, child);
            }
            if (p.length == 5 && p[4].equals("birthday") && m.equals("PUT") && (p[2].equals("parents") || p[2].equals("guardians"))) {
                long person = id(p[3]);
                boolean parent = p[2].equals("parents");
                boolean found = parent ? guardians.parents(child.id()).stream().anyMatch(x -> x.id() == person)
                        : guardians.guardians(child.id()).stream().anyMatch(x -> x.id() == person);
                if (!found) {
                    throw new Refusal(404, "notFound", null);
                }
                return setCalendar(rq, caller, child, parent ? BirthdayStore.PersonKind.PARENT : BirthdayStore.PersonKind.GUARDIAN, person);
            }
        }
        if (p.length == 2 && p[0].equals("parties") && m.equals("GET")) {
            return party(id(p[1]), caller, school);
        }
        if (p.length == 2 && p[0].equals("celebrations") && m.equals("PUT")) {
            return updateCelebration(rq, caller, school, id(p[1]));
        }
        throw new Refusal(404, "notFound", null);
    }

    // ---- lookups: every record must be of the acting school and within the caller's classes, else 404

    private static long id(String s) throws Refusal {
        if (!ID.matcher(s).matches()) {
            throw new Refusal(404, "notFound", null); // Long.parseLong also reads other scripts' digits (١٢): plain ASCII ids only
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Refusal(404, "notFound", null);
        }
    }

    private Child child(String id, Caller caller, long school) throws Refusal {
        return children.get(id(id)).filter(c -> !c.archived() && c.schoolId() != null && c.schoolId() == school)
                .filter(c -> caller.maySee(school, c.classId())).orElseThrow(() -> new Refusal(404, "notFound", null));
    }

    /** @return a class of the school, from the roster, that the caller sees */
    private Roster.ClassInfo schoolClass(String id, Caller caller, long school) throws Refusal {
        Roster.ClassInfo c = rosters.roster(school).classes().get(id(id));
        if (c == null || !caller.maySee(school, c.id())) {
            throw new Refusal(404, "notFound", null);
        }
        return c;
    }

    private static IntPredicate visible(Roster r, List<Roster.Person> people, Caller caller, Set<Long> classes) {
        return p -> {
            Long cls = people.get(p).classId();
            return caller.maySee(r.schoolId(), cls) && (classes == null || cls != null && classes.contains(cls));
        };
    }

    /** @return the school's classes the caller sees, for the page's filters and feed links */
    private Map<String, Object> classes(Caller caller, long school) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Roster.ClassInfo c : rosters.roster(school).classes().values()) {
            if (caller.maySee(school, c.id())) {
                items.add(Map.of("id", c.id(), "name", c.name(), "gradeLevel", c.gradeLevel()));
            }
        }
        items.sort(Comparator.comparing((Map<String, Object> m) -> (Integer) m.get("gradeLevel")).thenComparing(m -> (String) m.get("name")));
        return Map.of("items", items);
    }

    // ---- upcoming birthdays

    static LocalDate today() {
        return LocalDate.now(Reminders.CHINA);
    }

    /** The window of a query: {@code range=week|month}, {@code days=N}, or {@code from}/{@code to}; 30 days by default. */
    private static LocalDate[] window(HttpServletRequest rq) throws Refusal {
        LocalDate today = date(rq, "today", today());
        String range = rq.getParameter("range");
        if (range != null) {
            return switch (range) {
            case "week" -> new LocalDate[] { today.with(DayOfWeek.MONDAY), today.with(DayOfWeek.SUNDAY) };
            case "month" -> new LocalDate[] { today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()) };
            default -> throw new Refusal(400, "range", "range");
            };
        }
        if (rq.getParameter("from") != null || rq.getParameter("to") != null) {
            LocalDate from = date(rq, "from", today);
            LocalDate to = date(rq, "to", null);
            if (to == null) {
                throw new Refusal(400, "date", "to");
            }
            if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw new Refusal(400, "window", "to");
            }
            return new LocalDate[] { from, to };
        }
        int days = 30;
        if (rq.getParameter("days") != null) {
            try {
                days = Integer.parseInt(rq.getParameter("days"));
            } catch (NumberFormatException e) {
                throw new Refusal(400, "days", "days");
            }
            if (days < 1 || days > MAX_DAYS) {
                throw new Refusal(400, "days", "days");
            }
        }
        return new LocalDate[] { today, today.plusDays(days - 1L) };
    }

    private static LocalDate date(HttpServletRequest rq, String name, LocalDate fallback) throws Refusal {
        String v = rq.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            LocalDate d = LocalDate.parse(v.strip());
            if (d.getYear() < LunarCalendar.MIN_YEAR || d.getYear() > LunarCalendar.MAX_YEAR - 1) {
                throw new Refusal(400, "date", name);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "date", name);
        }
    }

    private static BirthdayIndex.Mode mode(HttpServletRequest rq) throws Refusal {
        String c = rq.getParameter("calendar");
        if (c == null || c.equals("family")) {
            return BirthdayIndex.Mode.FAMILY;
        }
        return switch (c) {
        case "solar" -> BirthdayIndex.Mode.SOLAR;
        case "lunar" -> BirthdayIndex.Mode.LUNAR;
        default -> throw new Refusal(400, "calendar", "calendar");
        };
    }

    private Map<String, Object> upcoming(HttpServletRequest rq, Caller caller, long school, Set<Long> classes) throws Refusal, SQLException {
        LocalDate[] w = window(rq);
        BirthdayIndex.Mode mode = mode(rq);
        Roster r = rosters.roster(school);
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Celebration> celebrated = new HashMap<>();
        for (Celebration c : store.celebrations(school, w[0], w[1])) {
            celebrated.put(c.childId() + "/" + c.birthday(), c);
        }
        LocalDate today = date(rq, "today", today());
        r.childIndex().query(w[0], w[1], mode, visible(r, r.children(), caller, classes), (p, date, cal) -> {
            Roster.Person kid = r.children().get(p);
            Map<String, Object> item = childItem(r, kid, p);
            item.put("date", date);
            item.put("dateLunar", lunar.toLunar(date).zh());
            item.put("keptBy", cal);
            item.put("age", occasions.occasion(r, kid, date, cal).age());
            item.put("daysUntil", ChronoUnit.DAYS.between(today, date));
            Celebration c = celebrated.get(kid.id() + "/" + date);
            item.put("celebration", c == null ? null : celebrationItem(c, null));
            items.add(item);
        });
        items.sort(Comparator.comparing((Map<String, Object> i) -> (LocalDate) i.get("date")).thenComparing(i -> (String) i.get("name")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", w[0]);
        out.put("to", w[1]);
        out.put("calendar", mode.name().toLowerCase(Locale.ROOT));
        out.put("items", items);
        return out;
    }

    private Map<String, Object> childItem(Roster r, Roster.Person kid, int position) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("childId", kid.id());
        item.put("name", kid.name());
        item.put("classId", kid.classId());
        Roster.ClassInfo ci = kid.classId() == null ? null : r.classes().get(kid.classId());
        item.put("className", ci == null ? null : ci.name());
        item.put("birthDate", kid.birth());
        LunarCalendar.LunarDate lb = r.childIndex().lunarBirth(position);
        item.put("lunarBirth", lb == null ? null : lb.zh());
        item.put("calendar", kid.calendar());
        return item;
    }

    // ---- month calendar, festivals, occasions

    private Map<String, Object> month(HttpServletRequest rq, Caller caller, long school) throws Refusal {
        YearMonth ym;
        try {
            ym = rq.getParameter("month") == null ? YearMonth.from(today()) : YearMonth.parse(rq.getParameter("month"));
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "month", "month");
        }
        if (ym.getYear() < LunarCalendar.MIN_YEAR || ym.getYear() >= LunarCalendar.MAX_YEAR) {
            throw new Refusal(400, "month", "month");
        }
        Roster r = rosters.roster(school);
        LocalDate from = ym.atDay(1);
        LocalDate to = ym.atEndOfMonth();
        List<Occasion> list = occasions.occasions(school, from, to, true, true, true,
                new OccasionService.Filter(visible(r, r.children(), caller, null), visible(r, r.elders(), caller, null)));
        Map<LocalDate, List<Occasion>> byDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            byDay.put(d, new ArrayList<>());
        }
        list.forEach(o -> byDay.get(o.date()).add(o));
        List<Map<String, Object>> days = new ArrayList<>();
        byDay.forEach((d, os) -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("date", d);
            LunarCalendar.LunarDate ld = lunar.toLunar(d);
            day.put("lunar", ld.zh());
            day.put("lunarDay", ld.day() == 1 ? (ld.leap() ? "闰" : "") + LunarText.month(ld.month()) : LunarText.day(ld.day()));
            day.put("occasions", os);
            days.add(day);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", ym.toString());
        out.put("days", days);
        return out;
    }

    private Map<String, Object> festivals(HttpServletRequest rq) throws Refusal {
        int year;
        try {
            year = rq.getParameter("year") == null ? today().getYear() : Integer.parseInt(rq.getParameter("year"));
        } catch (NumberFormatException e) {
            throw new Refusal(400, "year", "year");
        }
        if (year < LunarCalendar.MIN_YEAR || year >= LunarCalendar.MAX_YEAR) {
            throw new Refusal(400, "year", "year");
        }
        return Map.of("year", year, "items", occasions.festivals(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
    }

    private Map<String, Object> occasionList(HttpServletRequest rq, Caller caller, long school) throws Refusal {
        LocalDate[] w = window(rq);
        String kinds = Optional.ofNullable(rq.getParameter("kinds")).orElse("festivals,children,elders");
        Set<String> k = Set.of(kinds.split(","));
        for (String s : k) {
            if (!Set.of("festivals", "children", "elders").contains(s)) {
                throw new Refusal(400, "kinds", "kinds");
            }
        }
        Roster r = rosters.roster(school);
        List<Occasion> list = occasions.occasions(school, w[0], w[1], k.contains("festivals"), k.contains("children"), k.contains("elders"),
                new OccasionService.Filter(visible(r, r.children(), caller, null), visible(r, r.elders(), caller, null)));
        return Map.of("from", w[0], "to", w[1], "items", list);
    }

    private Map<String, Object> remindersDue(HttpServletRequest rq, Caller caller, long school) throws Refusal {
        LocalDate day = date(rq, "date", today());
        Roster r = rosters.roster(school);
        List<Occasion> due = reminders.due(school, day,
                new OccasionService.Filter(visible(r, r.children(), caller, null), visible(r, r.elders(), caller, null)));
        return Map.of("date", day, "daysAhead", reminders.daysAhead(), "items", due);
    }

    // ---- a child's birthday and calendar choice

    private Map<String, Object> birthday(Child child, Caller caller) throws SQLException {
        Roster r = rosters.roster(child.schoolId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("childId", child.id());
        out.put("name", child.name());
        out.put("birthDate", child.birthDate());
        LocalDate today = today();
        int pos = -1;
        for (int i = 0; i < r.children().size(); i++) {
            if (r.children().get(i).id() == child.id()) {
                pos = i;
            }
        }
        out.put("calendar", pos < 0 ? CalendarKind.SOLAR : r.children().get(pos).calendar());
        if (child.birthDate() != null && child.birthDate().getYear() >= LunarCalendar.MIN_YEAR) {
            LunarCalendar.LunarDate lb = lunar.toLunar(child.birthDate());
            out.put("lunarBirth", Map.of("year", lb.year(), "month", lb.month(), "leap", lb.leap(), "day", lb.day(), "zh", lb.zh(), "en", lb.en()));
            out.put("nextSolar", next(child.birthDate(), CalendarKind.SOLAR, today));
            out.put("nextLunar", next(child.birthDate(), CalendarKind.LUNAR, today));
        }
        out.put("celebrations", store.childCelebrations(child.id()).stream().map(c -> celebrationItem(c, null)).toList());
        List<Map<String, Object>> elders = new ArrayList<>();
        for (Roster.Person e : r.elders()) {
            if (e.childId() == child.id()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("kind", e.kind());
                item.put("id", e.id());
                item.put("name", e.name());
                String[] rel = OccasionService.relation(e);
                item.put("relationZh", rel[0]);
                item.put("relationEn", rel[1]);
                item.put("birthDate", e.birth());
                item.put("calendar", e.calendar());
                item.put("lunarBirth", e.birth().getYear() >= LunarCalendar.MIN_YEAR ? lunar.toLunar(e.birth()).zh() : null);
                item.put("next", next(e.birth(), e.calendar(), today));
                elders.add(item);
            }
        }
        out.put("elders", elders);
        return out;
    }

    /** @return the next day (today or later) the birthday is kept by the calendar */
    LocalDate next(LocalDate birth, CalendarKind cal, LocalDate today) {
        BirthdayIndex.Builder b = new BirthdayIndex.Builder(lunar);
        b.add(birth, cal);
        LocalDate[] found = new LocalDate[1];
        b.build().query(today, today.plusDays(400), cal == CalendarKind.LUNAR ? BirthdayIndex.Mode.LUNAR : BirthdayIndex.Mode.SOLAR,
                p -> found[0] == null, (p, d, c) -> found[0] = d);
        return found[0];
    }

    private JsonNode body(HttpServletRequest rq) throws Refusal, IOException {
        try {
            JsonNode n = json.readTree(rq.getInputStream());
            if (n == null || !n.isObject()) {
                throw new Refusal(400, "malformed", "body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "malformed", "body");
        }
    }

    private Map<String, Object> setCalendar(HttpServletRequest rq, Caller caller, Child child, BirthdayStore.PersonKind kind, long person)
            throws Refusal, IOException, SQLException {
        JsonNode b = body(rq);
        CalendarKind cal;
        try {
            cal = CalendarKind.valueOf(b.path("calendar").asText(""));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "calendarKind", "calendar");
        }
        store.setCalendar(child.schoolId(), child.id(), kind, person, cal, caller.user());
        rosters.invalidate(child.schoolId());
        audit("UPDATE", "birthdays.calendar", kind.name().toLowerCase(Locale.ROOT) + ":" + person, child.id(), child.schoolId(), cal.name());
        return Map.of("kind", kind, "id", person, "calendar", cal);
    }

    // ---- celebrations

    private static String text(JsonNode b, String field, int max) throws Refusal {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Refusal(400, "text", field);
        }
        String s = v.asText().strip();
        if (s.length() > max) {
            throw new Refusal(400, "tooLong", field);
        }
        return s.isEmpty() ? null : s;
    }

    private static boolean flag(JsonNode b, String field) throws Refusal {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new Refusal(400, "flag", field);
        }
        return v.asBoolean();
    }

    private Map<String, Object> recordCelebration(HttpServletRequest rq, Caller caller, Child child) throws Refusal, IOException, SQLException {
        JsonNode b = body(rq);
        LocalDate day;
        try {
            day = LocalDate.parse(b.path("birthday").asText(""));
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "date", "birthday");
        }
        if (child.birthDate() == null || day.isBefore(child.birthDate()) || day.getYear() >= LunarCalendar.MAX_YEAR) {
            throw new Refusal(400, "notBirthday", "birthday");
        }
        CalendarKind kept = null;
        for (CalendarKind k : List.of(CalendarKind.LUNAR, CalendarKind.SOLAR)) {
            if (day.equals(next(child.birthDate(), k, day))) {
                kept = k;
            }
        }
        if (kept == null) {
            throw new Refusal(400, "notBirthday", "birthday");
        }
        if (day.isAfter(today().plusDays(31))) {
            throw new Refusal(400, "future", "birthday");
        }
        Celebration c = new Celebration(null, child.schoolId(), child.classId(), child.id(), null, day, kept, flag(b, "card"),
                flag(b, "reflection"), flag(b, "wish"), text(b, "reflectionText", 2000), text(b, "wishText", 500), text(b, "note", 1000), 0,
                caller.user(), OffsetDateTime.now());
        Celebration saved = store.record(c).orElseThrow(() -> new Refusal(409, "duplicate", "birthday"));
        audit("CREATE", "birthdays.celebration", String.valueOf(saved.id()), child.id(), child.schoolId(), null);
        posted(saved);
        return celebrationItem(saved, child.name());
    }

    private Map<String, Object> updateCelebration(HttpServletRequest rq, Caller caller, long school, long id)
            throws Refusal, IOException, SQLException {
        Celebration c = store.celebration(id).filter(x -> x.schoolId() == school && caller.maySee(school, x.classId()))
                .orElseThrow(() -> new Refusal(404, "notFound", null));
        JsonNode b = body(rq);
        if (!b.path("version").canConvertToLong() || !b.path("version").isIntegralNumber()) {
            throw new Refusal(400, "version", "version");
        }
        Celebration u = new Celebration(c.id(), c.schoolId(), c.classId(), c.childId(), c.partyId(), c.birthday(), c.calendar(),
                flag(b, "card"), flag(b, "reflection"), flag(b, "wish"), text(b, "reflectionText", 2000), text(b, "wishText", 500),
                text(b, "note", 1000), b.get("version").asLong(), caller.user(), OffsetDateTime.now());
        try {
            Celebration saved = store.update(u);
            audit("UPDATE", "birthdays.celebration", String.valueOf(id), c.childId(), school, null);
            posted(saved);
            return celebrationItem(saved, null);
        } catch (BirthdayStore.StaleException e) {
            throw new Refusal(409, "stale", "version");
        }
    }

    private static Map<String, Object> celebrationItem(Celebration c, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("childId", c.childId());
        if (name != null) {
            m.put("name", name);
        }
        m.put("classId", c.classId());
        m.put("partyId", c.partyId());
        m.put("birthday", c.birthday());
        m.put("calendar", c.calendar());
        m.put("card", c.card());
        m.put("reflection", c.reflection());
        m.put("wish", c.wish());
        m.put("reflectionText", c.reflectionText());
        m.put("wishText", c.wishText());
        m.put("note", c.note());
        m.put("celebrated", c.celebrated());
        m.put("version", c.version());
        m.put("recordedBy", c.recordedBy());
        m.put("recordedAt", c.recordedAt());
        return m;
    }

    // ---- party batches

    /** The school year (学年) that starts on 1 September of {@code schoolYear}. */
    private static int schoolYear(HttpServletRequest rq) throws Refusal {
        String v = rq.getParameter("schoolYear");
        LocalDate today = today();
        if (v == null) {
            return today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1;
        }
        try {
            int y = Integer.parseInt(v);
            if (y < LunarCalendar.MIN_YEAR || y >= LunarCalendar.MAX_YEAR - 1) {
                throw new Refusal(400, "year", "schoolYear");
            }
            return y;
        } catch (NumberFormatException e) {
            throw new Refusal(400, "year", "schoolYear");
        }
    }

    private Map<String, Object> parties(HttpServletRequest rq, Caller caller, long school) throws Refusal, SQLException {
        int y = schoolYear(rq);
        Roster r = rosters.roster(school);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Party p : store.parties(school, y + "-09", (y + 1) + "-08")) {
            if (p.classId() != null && !caller.maySee(school, p.classId())) {
                continue;
            }
            List<Celebration> cs = store.partyCelebrations(p.id()).stream().filter(c -> caller.maySee(school, c.classId())).toList();
            Map<String, Object> item = partyItem(p, r);
            item.put("children", cs.size());
            item.put("celebrated", cs.stream().filter(Celebration::celebrated).count());
            items.add(item);
        }
        return Map.of("schoolYear", y, "items", items);
    }

    private static Map<String, Object> partyItem(Party p, Roster r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("month", p.month());
        m.put("classId", p.classId());
        Roster.ClassInfo ci = p.classId() == null ? null : r.classes().get(p.classId());
        m.put("className", ci == null ? null : ci.name());
        m.put("partyDate", p.partyDate());
        m.put("title", p.title());
        m.put("note", p.note());
        m.put("createdBy", p.createdBy());
        m.put("createdAt", p.createdAt());
        return m;
    }

    private Map<String, Object> party(long id, Caller caller, long school) throws Refusal, SQLException {
        Party p = store.party(id).filter(x -> x.schoolId() == school && (x.classId() == null || caller.maySee(school, x.classId())))
                .orElseThrow(() -> new Refusal(404, "notFound", null));
        Roster r = rosters.roster(school);
        Map<Long, String> names = new HashMap<>();
        r.children().forEach(c -> names.put(c.id(), c.name()));
        Map<String, Object> out = partyItem(p, r);
        out.put("celebrations", store.partyCelebrations(id).stream().filter(c -> caller.maySee(school, c.classId()))
                .map(c -> celebrationItem(c, names.getOrDefault(c.childId(), ""))).toList());
        return out;
    }

    private Map<String, Object> createParty(HttpServletRequest rq, Caller caller, long school) throws Refusal, IOException, SQLException {
        JsonNode b = body(rq);
        YearMonth ym;
        try {
            ym = YearMonth.parse(b.path("month").asText(""));
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "month", "month");
        }
        if (ym.getYear() < LunarCalendar.MIN_YEAR || ym.getYear() >= LunarCalendar.MAX_YEAR) {
            throw new Refusal(400, "month", "month");
        }
        Long classId = null;
        JsonNode cls = b.get("classId");
        if (cls != null && !cls.isNull()) {
            if (!cls.canConvertToLong() || !cls.isIntegralNumber()) {
                throw new Refusal(400, "classId", "classId");
            }
            long c = cls.asLong();
            Roster.ClassInfo ci = rosters.roster(school).classes().get(c);
            if (ci == null || !caller.maySee(school, ci.id())) {
                throw new Refusal(400, "classId", "classId");
            }
            classId = ci.id();
        } else if (!caller.allClasses()) {
            throw new Refusal(400, "classRequired", "classId");
        }
        LocalDate partyDate;
        try {
            partyDate = LocalDate.parse(b.path("partyDate").asText(""));
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "date", "partyDate");
        }
        if (Math.abs(ChronoUnit.DAYS.between(ym.atDay(15), partyDate)) > 45) {
            throw new Refusal(400, "partyDate", "partyDate");
        }
        String title = text(b, "title", 200);
        String note = text(b, "note", 1000);
        Roster r = rosters.roster(school);
        Set<Long> only = classId == null ? null : Set.of(classId);
        List<Celebration> planned = new ArrayList<>();
        String user = caller.user();
        OffsetDateTime now = OffsetDateTime.now();
        r.childIndex().query(ym.atDay(1), ym.atEndOfMonth(), BirthdayIndex.Mode.FAMILY, visible(r, r.children(), caller, only), (p, d, c) -> {
            Roster.Person kid = r.children().get(p);
            planned.add(new Celebration(null, school, kid.classId(), kid.id(), null, d, c, false, false, false, null, null, null, 0, user, now));
        });
        if (planned.isEmpty()) {
            throw new Refusal(400, "noBirthdays", "month");
        }
        if (title == null) {
            title = ym.getMonthValue() + "月集体生日会";
        }
        Party saved = store.createParty(new Party(null, school, classId, ym.toString(), partyDate, title, note, user, now), planned);
        audit("CREATE", "birthdays.party", String.valueOf(saved.id()), null, school, planned.size() + " children");
        Map<String, Object> props = new HashMap<>(Map.of("id", saved.id(), "schoolId", school, "month", saved.month(), "children", planned.size()));
        if (classId != null) {
            props.put("classId", classId);
        }
        post(TOPIC_PARTY_CREATED, props);
        return party(saved.id(), caller, school);
    }

    // ---- coverage this school year

    private Map<String, Object> coverage(HttpServletRequest rq, Caller caller, long school) throws Refusal, SQLException {
        int y = schoolYear(rq);
        LocalDate start = LocalDate.of(y, 9, 1);
        LocalDate end = LocalDate.of(y + 1, 8, 31);
        LocalDate today = today();
        Roster r = rosters.roster(school);
        IntPredicate vis = visible(r, r.children(), caller, null);
        Set<Long> celebrated = store.celebratedChildren(school, start, end);
        Set<Long> fully = new HashSet<>();
        for (Celebration c : store.celebrations(school, start, end)) {
            if (c.card() && c.reflection() && c.wish()) {
                fully.add(c.childId());
            }
        }
        Set<Long> birthdaysSoFar = new HashSet<>();
        if (!today.isBefore(start)) {
            r.childIndex().query(start, today.isAfter(end) ? end : today, BirthdayIndex.Mode.FAMILY, vis,
                    (p, d, c) -> birthdaysSoFar.add(r.children().get(p).id()));
        }
        Map<Long, long[]> perClass = new TreeMap<>();
        long total = 0;
        long cel = 0;
        long full = 0;
        long due = 0;
        long dueCelebrated = 0;
        for (int p = 0; p < r.children().size(); p++) {
            if (!vis.test(p)) {
                continue;
            }
            Roster.Person kid = r.children().get(p);
            long[] row = perClass.computeIfAbsent(kid.classId() == null ? 0L : kid.classId(), k -> new long[4]);
            boolean c = celebrated.contains(kid.id());
            boolean f = fully.contains(kid.id());
            boolean d = birthdaysSoFar.contains(kid.id());
            row[0]++;
            row[1] += d ? 1 : 0;
            row[2] += c ? 1 : 0;
            row[3] += f ? 1 : 0;
            total++;
            due += d ? 1 : 0;
            dueCelebrated += d && c ? 1 : 0;
            cel += c ? 1 : 0;
            full += f ? 1 : 0;
        }
        List<Map<String, Object>> classes = new ArrayList<>();
        perClass.forEach((id, row) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("classId", id == 0 ? null : id);
            Roster.ClassInfo ci = r.classes().get(id);
            m.put("className", ci == null ? null : ci.name());
            m.put("children", row[0]);
            m.put("birthdaysSoFar", row[1]);
            m.put("celebrated", row[2]);
            m.put("fullyCelebrated", row[3]);
            classes.add(m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schoolYear", y);
        out.put("from", start);
        out.put("to", end);
        out.put("children", total);
        out.put("birthdaysSoFar", due);
        out.put("celebrated", cel);
        out.put("fullyCelebrated", full);
        out.put("coverage", total == 0 ? 0.0 : Math.round(cel * 1000.0 / total) / 10.0);
        // of the children whose birthday has come this school year, the share celebrated (the goal: every one of them)
        out.put("coverageSoFar", due == 0 ? 0.0 : Math.round(dueCelebrated * 1000.0 / due) / 10.0);
        out.put("classes", classes);
        return out;
    }

    // ---- iCalendar feed per class

    private void feed(HttpServletRequest rq, HttpServletResponse rs, Caller caller, long school, Roster.ClassInfo c) throws Refusal, IOException {
        boolean zhLang = !"en".equals(rq.getParameter("lang"));
        LocalDate today = today();
        LocalDate from = today.minusDays(30);
        LocalDate to = today.plusDays(365);
        Roster r = rosters.roster(school);
        Set<Long> only = Set.of(c.id());
        List<Occasion> list = occasions.occasions(school, from, to, true, true, !"false".equals(rq.getParameter("elders")),
                new OccasionService.Filter(visible(r, r.children(), caller, only), visible(r, r.elders(), caller, only)));
        String name = zhLang ? c.name() + " 生日与节日" : c.name() + " birthdays and festivals";
        String host = rq.getServerName() == null ? "guanai" : rq.getServerName();
        byte[] body = IcsWriter.write(name, host, list, Instant.now(), zhLang);
        audit("READ", "birthdays.feed", String.valueOf(c.id()), null, school, list.size() + " events");
        rs.setStatus(200);
        rs.setContentType("text/calendar;charset=UTF-8");
        rs.setHeader("Content-Disposition", "inline; filename=\"class-" + c.id() + ".ics\"");
        rs.setHeader("Cache-Control", "private, max-age=3600");
        rs.setContentLength(body.length);
        rs.getOutputStream().write(body);
    }

    // ---- output

    private void audit(String action, String entity, String id, Long child, Long school, String detail) {
        AuditTrail a = audit;
        if (a != null) {
            a.record(action, entity, id, child, school, detail);
        }
    }

    private void write(HttpServletResponse rs, int status, Object body) throws IOException {
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        json.writeValue(rs.getOutputStream(), body);
    }

    private void error(HttpServletResponse rs, int status, String code, String field) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", status == 400 ? "validation" : code);
        body.put("message_zh", zh.getString(code));
        body.put("message_en", en.getString(code));
        if (field != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("field", field);
            e.put("message_zh", zh.getString(code));
            e.put("message_en", en.getString(code));
            body.put("errors", List.of(e));
        }
        write(rs, status, body);
    }
}
