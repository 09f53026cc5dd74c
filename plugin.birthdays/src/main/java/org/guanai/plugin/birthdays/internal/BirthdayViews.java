package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.birthdays.internal.Views.Birthday;
import org.guanai.plugin.birthdays.internal.Views.CelebrationView;
import org.guanai.plugin.birthdays.internal.Views.ClassCoverage;
import org.guanai.plugin.birthdays.internal.Views.ClassItem;
import org.guanai.plugin.birthdays.internal.Views.Coverage;
import org.guanai.plugin.birthdays.internal.Views.Day;
import org.guanai.plugin.birthdays.internal.Views.Elder;
import org.guanai.plugin.birthdays.internal.Views.LunarBirth;
import org.guanai.plugin.birthdays.internal.Views.Month;
import org.guanai.plugin.birthdays.internal.Views.PartyDetail;
import org.guanai.plugin.birthdays.internal.Views.PartyItem;
import org.guanai.plugin.birthdays.internal.Views.Upcoming;
import org.guanai.plugin.birthdays.internal.Views.UpcomingItem;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the programme shows a caller of a school: birthdays in a window, the month calendar, a child's birthday, the
 * party batches, the coverage of a school year and a class's iCalendar feed. Every answer keeps only the children (and
 * their elders) the caller may see ({@link Caller#maySee}).
 */
@Component(service = BirthdayViews.class)
public final class BirthdayViews {
    private final RosterService rosters;
    private final BirthdayStore store;
    private final OccasionService occasions;
    private final LunarCalendar lunar;
    private final CareCalendar calendar;
    private final AuditTrail audit;
    private final Texts texts;

    @Activate
    public BirthdayViews(@Reference RosterService rosters, @Reference BirthdayStore store, @Reference OccasionService occasions,
            @Reference CareCalendar calendar, @Reference AuditTrail audit, @Reference Texts texts) {
        this.rosters = rosters;
        this.store = store;
        this.occasions = occasions;
        this.lunar = occasions.lunar();
        this.calendar = calendar;
        this.audit = audit;
        this.texts = texts;
    }

    /** @return the birthdays between two days of the children of {@code classes} (or all) the caller sees */
    Upcoming upcoming(Caller caller, long school, LocalDate from, LocalDate to, BirthdayIndex.Mode mode, Set<Long> classes, LocalDate today) {
        Roster r = rosters.roster(school);
        Map<String, Celebration> celebrated = new HashMap<>();
        for (Celebration c : store.celebrations(school, from, to)) {
            celebrated.put(c.childId() + "/" + c.birthday(), c);
        }
        List<UpcomingItem> items = new ArrayList<>();
        // a month holds thousands of a large school's birthdays on some thirty days: each day's lunar date worked out once
        // (not twice per child, with the child's whole occasion built for its age)
        Map<LocalDate, LunarCalendar.LunarDate> lunarDays = new HashMap<>();
        r.childIndex().query(from, to, mode, r.visible(r.children(), caller, classes), (p, date, cal) -> {
            Roster.Person kid = r.children().get(p);
            LunarCalendar.LunarDate lb = r.childIndex().lunarBirth(p);
            LunarCalendar.LunarDate day = lunarDays.computeIfAbsent(date, lunar::toLunar);
            Celebration c = celebrated.get(kid.id() + "/" + date);
            items.add(new UpcomingItem(kid.id(), kid.name(), kid.classId(), r.className(kid.classId()), kid.birth(), lb == null ? null : lb.zh(),
                    kid.calendar(), date, day.zh(), cal, occasions.age(kid, date, cal, day, lb),
                    ChronoUnit.DAYS.between(today, date), c == null ? null : CelebrationView.of(c, null)));
        });
        items.sort(Comparator.comparing(UpcomingItem::date).thenComparing(UpcomingItem::name));
        return new Upcoming(from, to, mode.name().toLowerCase(Locale.ROOT), items);
    }

    /** @return the school's classes the caller sees, by grade and name, for the page's filters and feed links */
    List<ClassItem> classes(Caller caller, long school) {
        Roster r = rosters.roster(school);
        return r.classes().values().stream().filter(c -> caller.maySee(school, c.id())).map(c -> new ClassItem(c.id(), c.name(), c.gradeLevel()))
                .sorted(Comparator.comparing(ClassItem::gradeLevel).thenComparing(ClassItem::name)).toList();
    }

    /** @return every day of the month with its lunar name and its occasions */
    Month month(Caller caller, long school, YearMonth ym) {
        LocalDate from = ym.atDay(1);
        LocalDate to = ym.atEndOfMonth();
        Map<LocalDate, List<Occasion>> byDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            byDay.put(d, new ArrayList<>());
        }
        occasions.occasions(school, from, to, true, true, true, rosters.roster(school).visibleTo(caller, null)).forEach(o -> byDay.get(o.date()).add(o));
        List<Day> days = new ArrayList<>();
        byDay.forEach((d, os) -> {
            LunarCalendar.LunarDate ld = lunar.toLunar(d);
            days.add(new Day(d, ld.zh(), ld.day() == 1 ? (ld.leap() ? "闰" : "") + LunarText.month(ld.month()) : LunarText.day(ld.day()), os));
        });
        return new Month(ym.toString(), days);
    }

    /**
     * 本月生日名单: the children the caller sees whose birthday falls in the month (by the calendar each family keeps it
     * by), as a table to print or send: the day, its lunar date, name, class, the age they turn and the calendar, in words.
     */
    Table monthTable(Caller caller, long school, YearMonth ym) {
        Roster r = rosters.roster(school);
        Map<Long, String> names = new HashMap<>();
        r.children().forEach(c -> names.put(c.id(), c.name()));
        List<Occasion> list = new ArrayList<>(occasions.occasions(school, ym.atDay(1), ym.atEndOfMonth(), false, true, false,
                r.visibleTo(caller, null)));
        list.removeIf(o -> !Occasion.CHILD_BIRTHDAY.equals(o.kind()));
        list.sort(Comparator.comparing(Occasion::date).thenComparing(o -> String.valueOf(r.className(o.classId())))
                .thenComparing(o -> names.getOrDefault(o.childId(), "")));
        Table.Builder t = Table.builder(texts.zh("export.month.sheet", String.valueOf(ym.getYear()), String.valueOf(ym.getMonthValue())),
                column("export.date"), column("export.lunar"), column("export.name"), column("export.class"), column("export.age"),
                column("export.calendar"));
        for (Occasion o : list) {
            String className = r.className(o.classId());
            t.row(o.date(), o.lunarZh(), names.getOrDefault(o.childId(), ""), className != null ? className : texts.zh("export.noClass"),
                    o.age(), texts.label("export.calendar." + o.calendar().name()));
        }
        return t.build();
    }

    /** @return a child's birthday in both calendars, the celebrations, and the elders with a date of birth */
    Birthday birthday(Child child) {
        Roster r = rosters.roster(child.schoolId());
        LocalDate today = calendar.today();
        int pos = r.position(child.id());
        LocalDate birth = child.birthDate();
        boolean lunarKnown = birth != null && birth.getYear() >= LunarCalendar.MIN_YEAR;
        LunarCalendar.LunarDate lb = lunarKnown ? lunar.toLunar(birth) : null;
        List<Elder> elders = new ArrayList<>();
        for (Roster.Person e : r.elders()) {
            if (e.childId() == child.id()) {
                String[] rel = OccasionService.relation(e);
                elders.add(new Elder(e.kind(), e.id(), e.name(), rel[0], rel[1], e.birth(), e.calendar(),
                        e.birth().getYear() >= LunarCalendar.MIN_YEAR ? lunar.toLunar(e.birth()).zh() : null, next(e.birth(), e.calendar(), today)));
            }
        }
        return new Birthday(child.id(), child.name(), birth, pos < 0 ? CalendarKind.SOLAR : r.children().get(pos).calendar(),
                lb == null ? null : new LunarBirth(lb.year(), lb.month(), lb.leap(), lb.day(), lb.zh(), lb.en()),
                lunarKnown ? next(birth, CalendarKind.SOLAR, today) : null, lunarKnown ? next(birth, CalendarKind.LUNAR, today) : null,
                store.childCelebrations(child.id()).stream().map(c -> CelebrationView.of(c, null)).toList(), elders);
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

    /** @return the parties of the school year (学年, 1 September – 31 August) the caller sees, newest first */
    List<PartyItem> parties(Caller caller, long school, int schoolYear) {
        Roster r = rosters.roster(school);
        List<PartyItem> items = new ArrayList<>();
        for (Party p : store.parties(school, schoolYear + "-09", (schoolYear + 1) + "-08")) {
            if (p.classId() == null || caller.maySee(school, p.classId())) {
                List<Celebration> cs = store.partyCelebrations(p.id()).stream().filter(c -> caller.maySee(school, c.classId())).toList();
                items.add(new PartyItem(p.id(), p.month(), p.classId(), r.className(p.classId()), p.partyDate(), p.title(), p.note(),
                        p.createdBy(), p.createdAt(), cs.size(), cs.stream().filter(Celebration::celebrated).count()));
            }
        }
        return items;
    }

    /** @return a party of the school with the celebrations the caller sees; 404 otherwise */
    PartyDetail party(Caller caller, long school, long id) {
        Party p = store.party(id).filter(x -> x.schoolId() == school && (x.classId() == null || caller.maySee(school, x.classId())))
                .orElseThrow(() -> new NotFoundException("birthdays.party", id));
        Roster r = rosters.roster(school);
        Map<Long, String> names = new HashMap<>();
        r.children().forEach(c -> names.put(c.id(), c.name()));
        return new PartyDetail(p.id(), p.month(), p.classId(), r.className(p.classId()), p.partyDate(), p.title(), p.note(), p.createdBy(),
                p.createdAt(), store.partyCelebrations(id).stream().filter(c -> caller.maySee(school, c.classId()))
                        .map(c -> CelebrationView.of(c, names.getOrDefault(c.childId(), ""))).toList());
    }

    /** @return the children the caller sees, how many had their birthday so far this school year, and were celebrated */
    Coverage coverage(Caller caller, long school, int schoolYear) {
        LocalDate start = LocalDate.of(schoolYear, 9, 1);
        LocalDate end = LocalDate.of(schoolYear + 1, 8, 31);
        LocalDate today = calendar.today();
        Roster r = rosters.roster(school);
        IntPredicate vis = r.visible(r.children(), caller, null);
        Set<Long> celebrated = new HashSet<>();
        Set<Long> fully = new HashSet<>();
        for (Celebration c : store.celebrations(school, start, end)) {
            if (c.celebrated()) {
                celebrated.add(c.childId());
            }
            if (c.card() && c.reflection() && c.wish()) {
                fully.add(c.childId());
            }
        }
        Set<Long> due = new HashSet<>();
        if (!today.isBefore(start)) {
            r.childIndex().query(start, today.isAfter(end) ? end : today, BirthdayIndex.Mode.FAMILY, vis, (p, d, c) -> due.add(r.children().get(p).id()));
        }
        Map<Long, long[]> perClass = new TreeMap<>();
        long[] all = new long[5];
        for (int p = 0; p < r.children().size(); p++) {
            if (vis.test(p)) {
                Roster.Person kid = r.children().get(p);
                long[] row = perClass.computeIfAbsent(kid.classId() == null ? 0L : kid.classId(), k -> new long[5]);
                boolean d = due.contains(kid.id());
                boolean c = celebrated.contains(kid.id());
                long[] counts = { 1, d ? 1 : 0, c ? 1 : 0, fully.contains(kid.id()) ? 1 : 0, d && c ? 1 : 0 };
                for (int i = 0; i < counts.length; i++) {
                    row[i] += counts[i];
                    all[i] += counts[i];
                }
            }
        }
        List<ClassCoverage> classes = new ArrayList<>();
        perClass.forEach((id, row) -> classes.add(new ClassCoverage(id == 0 ? null : id, r.className(id), row[0], row[1], row[2], row[3], row[4])));
        return new Coverage(schoolYear, start, end, all[0], all[1], all[2], all[3], percent(all[2], all[0]), percent(all[4], all[1]), classes);
    }

    /** @return the share as a percentage with one decimal, 0 without a denominator */
    private static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(part * 1000.0 / whole) / 10.0;
    }

    /** @return the coverage as a table for a school office: 中文 headers, a row per class and one for the school */
    Table coverageTable(Coverage c) {
        Table.Builder t = Table.builder(texts.zh("export.coverage.sheet", String.valueOf(c.schoolYear()), String.valueOf(c.schoolYear() + 1)),
                column("export.class"), column("export.children"), column("export.birthdaysSoFar"), column("export.celebrated"),
                column("export.fullyCelebrated"), column("export.coverage"), column("export.coverageSoFar"));
        for (ClassCoverage k : c.classes()) {
            t.row(k.className() != null ? k.className() : texts.zh("export.noClass"), k.children(), k.birthdaysSoFar(), k.celebrated(),
                    k.fullyCelebrated(), Percent.of(k.celebrated(), k.children()), Percent.of(k.celebratedSoFar(), k.birthdaysSoFar()));
        }
        long celebratedSoFar = c.classes().stream().mapToLong(ClassCoverage::celebratedSoFar).sum();
        return t.row(texts.zh("export.total"), c.children(), c.birthdaysSoFar(), c.celebrated(), c.fullyCelebrated(),
                Percent.of(c.celebrated(), c.children()), Percent.of(celebratedSoFar, c.birthdaysSoFar())).build();
    }

    private Column column(String key) {
        return new Column(texts.zh(key), texts.en(key));
    }

    /**
     * @param zh     中文 titles, else English
     * @param elders with the elders' birthdays
     * @param host   the server's name, for the events' {@code UID}s
     * @return the class's iCalendar feed, from 30 days back to 365 days ahead: its children's and their elders'
     *         birthdays the caller sees, and the festivals
     */
    byte[] feed(Caller caller, long school, Roster.ClassInfo c, boolean zh, boolean elders, String host) {
        LocalDate today = calendar.today();
        Roster r = rosters.roster(school);
        List<Occasion> list = occasions.occasions(school, today.minusDays(30), today.plusDays(365), true, true, elders,
                r.visibleTo(caller, Set.of(c.id())));
        byte[] ics = IcsWriter.write(zh ? texts.zh("feed.name", c.name()) : texts.en("feed.name", c.name()), host, list, calendar.now(), zh);
        audit.record("READ", "birthdays.feed", String.valueOf(c.id()), null, school, list.size() + " events");
        return ics;
    }
}
