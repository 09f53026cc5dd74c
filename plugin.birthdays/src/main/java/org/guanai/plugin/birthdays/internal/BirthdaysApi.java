package org.guanai.plugin.birthdays.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.birthdays.internal.BirthdayStore.PersonKind;
import org.guanai.plugin.birthdays.internal.Celebrations.CalendarChoice;
import org.guanai.plugin.birthdays.internal.Celebrations.CelebrationInput;
import org.guanai.plugin.birthdays.internal.Celebrations.CelebrationUpdate;
import org.guanai.plugin.birthdays.internal.Celebrations.PartyInput;
import org.guanai.plugin.birthdays.internal.Views.Birthday;
import org.guanai.plugin.birthdays.internal.Views.CalendarSet;
import org.guanai.plugin.birthdays.internal.Views.CelebrationView;
import org.guanai.plugin.birthdays.internal.Views.ClassItem;
import org.guanai.plugin.birthdays.internal.Views.Coverage;
import org.guanai.plugin.birthdays.internal.Views.Month;
import org.guanai.plugin.birthdays.internal.Views.PartyDetail;
import org.guanai.plugin.birthdays.internal.Views.PartyItem;
import org.guanai.plugin.birthdays.internal.Views.Upcoming;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's routes under {@code /api/programmes/birthdays/} (see the README for each). The core has signed the
 * caller in, checked {@code birthdays.read}/{@code birthdays.write} and the school; here every child, class, staff
 * member, party and celebration is checked to be of the school the request acts for and within the caller's classes
 * (404 otherwise).
 */
@Component(service = ProgrammeApi.class)
public final class BirthdaysApi implements ProgrammeApi {
    private static final int MAX_DAYS = 366;

    private final RosterService rosters;
    private final BirthdayViews views;
    private final Celebrations celebrations;
    private final OccasionService occasions;
    private final Reminders reminders;
    private final CareCalendar calendar;
    private final Exports exports;

    @Activate
    public BirthdaysApi(@Reference RosterService rosters, @Reference BirthdayViews views, @Reference Celebrations celebrations,
            @Reference OccasionService occasions, @Reference Reminders reminders, @Reference CareCalendar calendar, @Reference Exports exports) {
        this.rosters = rosters;
        this.views = views;
        this.celebrations = celebrations;
        this.occasions = occasions;
        this.reminders = reminders;
        this.calendar = calendar;
        this.exports = exports;
    }

    @Override
    public void routes(Routes r) {
        windowed(r.get("upcoming", rq -> upcoming(rq, null)).summary("即将到来的生日", "Upcoming birthdays").returns(Upcoming.class))
                .query("calendar", String.class, "family（各家所用历法，默认）、solar 或 lunar", "family (each family's, default), solar or lunar");
        windowed(r.get("classes/{class}/upcoming", rq -> upcoming(rq, Set.of(schoolClass(rq).id())))
                .summary("一个班的即将到来的生日", "Upcoming birthdays of a class").returns(Upcoming.class))
                .query("calendar", String.class, "family、solar 或 lunar", "family, solar or lunar");
        windowed(r.get("staff/{staff}/upcoming", rq -> upcoming(rq, headedBy(rq)))
                .summary("班主任所带班级的即将到来的生日", "Upcoming birthdays of the classes a staff member is head teacher of")
                .returns(Upcoming.class)).query("calendar", String.class, "family、solar 或 lunar", "family, solar or lunar");
        r.get("classes", rq -> Map.of("items", views.classes(rq.caller(), rq.school())))
                .summary("本校您能看到的班级", "The school's classes the caller sees").returns(ClassItem.class);
        r.get("month", rq -> views.month(rq.caller(), rq.school(),
                rq.query("month").map(celebrations::month).orElseGet(() -> YearMonth.from(calendar.today()))))
                .summary("月历：农历、节日与生日", "The month calendar: lunar days, festivals and birthdays").returns(Month.class)
                .query("month", String.class, "月份，如 2026-11（默认本月）", "month, e.g. 2026-11 (default: this month)");
        r.get("month/export", this::monthExport).summary("导出本月生日名单（xlsx 或 CSV）", "Export the month's birthday list (xlsx or CSV)")
                .query("month", String.class, "月份，如 2026-11（默认本月）", "month, e.g. 2026-11 (default: this month)")
                .query("format", String.class, "xlsx（默认）或 csv", "xlsx (default) or csv")
                .produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        r.get("festivals", rq -> {
            int year = rq.intQuery("year", calendar.today().getYear(), LunarCalendar.MIN_YEAR, LunarCalendar.MAX_YEAR - 1);
            return Map.of("year", year, "items", occasions.festivals(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
        }).summary("一年的节日", "The festivals of a year").returns(Occasion.class).query("year", Integer.class, "年份", "year");
        windowed(r.get("occasions", this::occasionList).summary("写信、打电话的时机", "Occasions for letters and calls").returns(Occasion.class))
                .query("kinds", String.class, "festivals、children、elders，逗号分隔", "festivals, children, elders, comma-separated");
        r.get("reminders", rq -> {
            LocalDate day = day(rq, "date").orElse(calendar.today());
            return Map.of("date", day, "daysAhead", reminders.daysAhead(), "items",
                    reminders.due(rq.school(), day, rosters.roster(rq.school()).visibleTo(rq.caller(), null)));
        }).summary("当天应发的提醒", "The reminders due on a day").returns(Occasion.class).query("date", LocalDate.class, "日期（默认今天）", "day (default: today)");
        r.get("children/{child}/birthday", rq -> views.birthday(child(rq))).summary("学生的生日", "A child's birthday").returns(Birthday.class);
        r.put("children/{child}/birthday", rq -> setCalendar(rq, PersonKind.CHILD, null))
                .summary("设置学生按公历或农历过生日", "Set the calendar a child's birthday is kept by").body(CalendarChoice.class).returns(CalendarSet.class);
        r.put("children/{child}/parents/{parent}/birthday", rq -> setCalendar(rq, PersonKind.PARENT, "parent"))
                .summary("设置父母生日所用历法", "Set the calendar a parent's birthday is kept by").body(CalendarChoice.class).returns(CalendarSet.class);
        r.put("children/{child}/guardians/{guardian}/birthday", rq -> setCalendar(rq, PersonKind.GUARDIAN, "guardian"))
                .summary("设置监护人生日所用历法", "Set the calendar a guardian's birthday is kept by").body(CalendarChoice.class).returns(CalendarSet.class);
        r.post("children/{child}/celebrations", rq -> {
            CelebrationView saved = celebrations.record(rq.caller(), child(rq), rq.body(CelebrationInput.class));
            return Reply.created(rq.link("celebrations/" + saved.id()), saved);
        }).summary("登记学生的一次生日庆祝", "Record a child's birthday celebration").body(CelebrationInput.class).returns(CelebrationView.class);
        r.get("parties", rq -> {
            int y = schoolYear(rq);
            return Map.of("schoolYear", y, "items", views.parties(rq.caller(), rq.school(), y));
        }).summary("本学年的集体生日会", "The party batches of a school year").returns(PartyItem.class)
                .query("schoolYear", Integer.class, "学年（开始的年份，默认本学年）", "school year (the year it starts, default: this one)");
        r.post("parties", rq -> {
            PartyDetail saved = celebrations.createParty(rq.caller(), rq.school(), rq.body(PartyInput.class));
            return Reply.created(rq.link("parties/" + saved.id()), saved);
        }).summary("为一个月过生日的学生办集体生日会", "Create a party batch of a month's birthday children").body(PartyInput.class)
                .returns(PartyDetail.class);
        r.get("parties/{party}", rq -> views.party(rq.caller(), rq.school(), rq.id("party")))
                .summary("生日会及其中每位学生的庆祝", "A party with its celebrations").returns(PartyDetail.class);
        r.put("celebrations/{celebration}", rq -> celebrations.update(rq.caller(), rq.school(), rq.id("celebration"),
                rq.body(CelebrationUpdate.class))).summary("登记贺卡、感言、祝福", "Record what was done at a celebration")
                .body(CelebrationUpdate.class).returns(CelebrationView.class);
        r.get("coverage", rq -> views.coverage(rq.caller(), rq.school(), schoolYear(rq)))
                .summary("本学年的生日覆盖率", "Birthday coverage of a school year").returns(Coverage.class)
                .query("schoolYear", Integer.class, "学年（默认本学年）", "school year (default: this one)");
        r.get("coverage/export", this::coverageExport).summary("导出生日覆盖率（xlsx 或 CSV）", "Export the coverage (xlsx or CSV)")
                .query("schoolYear", Integer.class, "学年（默认本学年）", "school year (default: this one)")
                .query("format", String.class, "xlsx（默认）或 csv", "xlsx (default) or csv")
                .produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        r.get("classes/{class}/calendar.ics", this::feed).summary("班级的 iCalendar 日历订阅", "A class's iCalendar feed")
                .query("lang", String.class, "en：英文标题", "en for English titles")
                .query("elders", Boolean.class, "false：不含长辈生日", "false without the elders' birthdays").produces("text/calendar");
    }

    /** Declares the query parameters of a window ({@link #window}). */
    private static Route windowed(Route route) {
        return route.query("range", String.class, "week 或 month", "week or month").query("days", Integer.class, "天数 1–366", "days, 1–366")
                .query("from", LocalDate.class, "开始日期", "first day").query("to", LocalDate.class, "结束日期", "last day")
                .query("today", LocalDate.class, "以哪一天为今天（默认今天）", "the day taken as today (default: today)");
    }

    // ---- lookups: every record must be of the acting school and within the caller's classes, else 404

    private static Child child(Request rq) {
        Child c = rq.child("child");
        if (c.archived() || !rq.caller().maySee(rq.school(), c.classId())) {
            throw new NotFoundException("child", c.id());
        }
        return c;
    }

    /** @return a class of the school, from the roster, that the caller sees */
    private Roster.ClassInfo schoolClass(Request rq) {
        long id = rq.id("class");
        return rosters.roster(rq.school()).visibleClass(id, rq.caller()).orElseThrow(() -> new NotFoundException("class", id));
    }

    /** @return the classes the staff member of the path is 班主任 of */
    private Set<Long> headedBy(Request rq) {
        long staff = rq.id("staff");
        Roster r = rosters.roster(rq.school());
        if (!r.staff().contains(staff)) {
            throw new NotFoundException("staff", staff);
        }
        return r.classes().values().stream().filter(c -> Long.valueOf(staff).equals(c.headTeacherId())).map(Roster.ClassInfo::id)
                .collect(Collectors.toSet());
    }

    // ---- query parameters

    /** @return a date parameter within the years the lunar calendar covers */
    private static Optional<LocalDate> day(Request rq, String name) {
        return rq.date(name).map(d -> {
            if (d.getYear() < LunarCalendar.MIN_YEAR || d.getYear() >= LunarCalendar.MAX_YEAR) {
                throw rq.texts().invalid(name, "yearRange");
            }
            return d;
        });
    }

    /** A window of days and the day taken as today. */
    private record Window(LocalDate today, LocalDate from, LocalDate to) {
    }

    /** The window of a query: {@code range=week|month}, {@code days=N}, or {@code from}/{@code to}; 30 days by default. */
    private Window window(Request rq) {
        LocalDate today = day(rq, "today").orElse(calendar.today());
        if (rq.query("range").isPresent()) {
            return switch (rq.query("range").get()) {
            case "week" -> new Window(today, today.with(DayOfWeek.MONDAY), today.with(DayOfWeek.SUNDAY));
            case "month" -> new Window(today, today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()));
            default -> throw rq.texts().invalid("range", "range");
            };
        }
        if (rq.query("from").isPresent() || rq.query("to").isPresent()) {
            LocalDate from = day(rq, "from").orElse(today);
            LocalDate to = day(rq, "to").orElseThrow(() -> rq.texts().invalid("to", "date"));
            if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw rq.texts().invalid("to", "window");
            }
            return new Window(today, from, to);
        }
        return new Window(today, today, today.plusDays(rq.intQuery("days", 30, 1, MAX_DAYS) - 1L));
    }

    private static BirthdayIndex.Mode mode(Request rq) {
        return switch (rq.query("calendar").orElse("family")) {
        case "family" -> BirthdayIndex.Mode.FAMILY;
        case "solar" -> BirthdayIndex.Mode.SOLAR;
        case "lunar" -> BirthdayIndex.Mode.LUNAR;
        default -> throw rq.texts().invalid("calendar", "calendar");
        };
    }

    /** @return the school year (学年) that starts on 1 September of {@code schoolYear}, this one by default */
    private int schoolYear(Request rq) {
        return rq.intQuery("schoolYear", calendar.schoolYear(calendar.today()), LunarCalendar.MIN_YEAR, LunarCalendar.MAX_YEAR - 2);
    }

    // ---- handlers

    private Upcoming upcoming(Request rq, Set<Long> classes) {
        Window w = window(rq);
        return views.upcoming(rq.caller(), rq.school(), w.from(), w.to(), mode(rq), classes, w.today());
    }

    private Object occasionList(Request rq) {
        Window w = window(rq);
        Set<String> kinds = Set.copyOf(List.of(rq.query("kinds").orElse("festivals,children,elders").split(","))); // repeats allowed
        if (!Set.of("festivals", "children", "elders").containsAll(kinds)) {
            throw rq.texts().invalid("kinds", "kinds");
        }
        return Map.of("from", w.from(), "to", w.to(), "items", occasions.occasions(rq.school(), w.from(), w.to(), kinds.contains("festivals"),
                kinds.contains("children"), kinds.contains("elders"), rosters.roster(rq.school()).visibleTo(rq.caller(), null)));
    }

    /** @param elderParam the path parameter naming the parent or guardian, {@code null} for the child's own birthday */
    private CalendarSet setCalendar(Request rq, PersonKind kind, String elderParam) {
        Child child = child(rq);
        long person = elderParam == null ? child.id() : celebrations.elder(child, kind, rq.id(elderParam));
        return celebrations.setCalendar(rq.caller(), child, kind, person, rq.body(CalendarChoice.class));
    }

    private Reply monthExport(Request rq) {
        YearMonth ym = rq.query("month").map(celebrations::month).orElseGet(() -> YearMonth.from(calendar.today()));
        Table table = views.monthTable(rq.caller(), rq.school(), ym);
        return file(rq, rq.texts().zh("export.month.file", String.valueOf(ym.getYear()), String.valueOf(ym.getMonthValue())), table);
    }

    /** The table as the file {@code format} asks for: xlsx (default) or CSV. */
    private Reply file(Request rq, String name, Table table) {
        return Reply.file(switch (rq.query("format").orElse("xlsx")) {
        case "xlsx" -> exports.xlsx(name, List.of(table));
        case "csv" -> exports.csv(name, table);
        default -> throw rq.texts().invalid("format", "format");
        });
    }

    private Reply coverageExport(Request rq) {
        int y = schoolYear(rq);
        Table table = views.coverageTable(views.coverage(rq.caller(), rq.school(), y));
        return file(rq, rq.texts().zh("export.coverage.file", y + "-" + (y + 1)), table);
    }

    /** The class's iCalendar feed, shown inline; calendar applications refresh it every 12 hours. */
    private Reply feed(Request rq) {
        Roster.ClassInfo c = schoolClass(rq);
        boolean zh = !rq.query("lang").orElse("").equals("en");
        boolean elders = rq.query("elders").isEmpty() || rq.flag("elders");
        String host = rq.header("Host").map(h -> h.replaceFirst(":[0-9]+$", "")).filter(h -> h.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}"))
                .orElse("guanai");
        byte[] ics = views.feed(rq.caller(), rq.school(), c, zh, elders, host);
        return new Reply(200, Map.of("Cache-Control", "private, max-age=3600"),
                Download.inline("text/calendar;charset=UTF-8", "class-" + c.id() + ".ics", ics));
    }
}
