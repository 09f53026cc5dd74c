package org.guanai.plugin.activities.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.care.HomeRecords;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.plugin.activities.internal.Checklists.Evidence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.PairEvidence;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Builds the coverage grid of a school and semester from this programme's records, the children the caller may see and,
 * when the pairing programme publishes {@link MentoringRecords}, its pairs and talks, and when the home programme
 * publishes {@link HomeRecords}, the children's uses of the 留守儿童之家 ({@link HomeLink}). Posts the semester-end reminders
 * ({@value #TOPIC_REMINDER}) a configured number of weeks before a semester ends, once per school and semester, from a
 * job that runs every six hours (once in the cluster); another job sweeps evidence files no row names.
 */
@Component(service = CoverageService.class)
public final class CoverageService {
    static final String TOPIC_PREFIX = "org/guanai/programmes/activities/";
    /** Event: a semester ends within the configured weeks and children still have gaps. */
    static final String TOPIC_REMINDER = TOPIC_PREFIX + "REMINDER";

    private final ChecklistStore checklists;
    private final SemesterStore semesters;
    private final ReminderStore reminders;
    private final CoverageStore coverageStore;
    private final ChildService children;
    private final SchoolService schools;
    private final ProgrammeRegistry programmes;
    private final EventAdmin events;
    private final EvidenceFiles files;
    private final CareCalendar calendar;
    private final Texts texts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Notifications notifications;
    private final List<Job> jobs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MentoringRecords mentoring;

    /** The home programme's logs (留守儿童之家), when it is installed: they count for the home and the family phone. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile HomeRecords home;

    @Activate
    public CoverageService(@Reference ChecklistStore checklists, @Reference SemesterStore semesters, @Reference ReminderStore reminders,
            @Reference CoverageStore coverageStore, @Reference ChildService children,
            @Reference SchoolService schools, @Reference ProgrammeRegistry programmes, @Reference EventAdmin events,
            @Reference EvidenceFiles files, @Reference CareCalendar calendar, @Reference Jobs jobs, @Reference Texts texts) {
        this.texts = texts;
        this.checklists = checklists;
        this.semesters = semesters;
        this.reminders = reminders;
        this.coverageStore = coverageStore;
        this.children = children;
        this.schools = schools;
        this.programmes = programmes;
        this.events = events;
        this.files = files;
        this.calendar = calendar;
        this.jobs = List.of(jobs.every("reminders", Duration.ofHours(6), due -> checkReminders()),
                jobs.every("evidence-sweep", Duration.ofHours(12), due -> sweepEvidence()));
    }

    @Deactivate
    void deactivate() {
        jobs.forEach(Job::cancel);
    }

    /** @return today in China, from the platform's calendar */
    LocalDate today() {
        return calendar.today();
    }

    /** @return where the 一帮一 and 爱心妈妈 items are recorded: {@code pairing} (the pairing programme) or {@code activities} */
    String mentoringSource() {
        return mentoring == null ? "activities" : "pairing";
    }

    boolean pairingInstalled() {
        return mentoring != null;
    }

    /** The left-behind children of a school (or one class) that the current caller may see, ordered by class and name. */
    List<ChildRow> children(long school, Long classId) {
        Map<Long, String> classNames = new HashMap<>();
        schools.classes(school).forEach(k -> classNames.put(k.id(), k.name()));
        // read 500 at a time and kept as rows only: a school's children are never all held as whole archives
        List<ChildRow> found = new ArrayList<>();
        children.forEach(new ChildQuery(school, classId, null, null, null, false, 0, 500), c -> {
            if (c.leftBehindType() != LeftBehindType.NONE) {
                found.add(new ChildRow(c.id(), c.name(), c.classId(), c.classId() == null ? null : classNames.get(c.classId())));
            }
        });
        found.sort(Comparator.comparing(ChildRow::classId, Comparator.nullsLast(Comparator.<Long>naturalOrder()))
                .thenComparing(ChildRow::name).thenComparingLong(ChildRow::id));
        return java.util.Collections.unmodifiableList(found);
    }

    /**
     * The names of the children of these ids that {@link #children} gives for the school (left-behind, not archived, seen
     * by the caller): read by id, not by going through the whole school.
     */
    Map<Long, String> names(long school, java.util.Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        children.forEachOf(ChildQuery.ofSchool(school), ids, c -> {
            if (c.leftBehindType() != LeftBehindType.NONE) {
                out.put(c.id(), c.name());
            }
        });
        return out;
    }

    /** The grid of the school's (or a class's) children for a semester, as of {@code asOf}. */
    Grid grid(long school, Semester semester, LocalDate asOf, Long classId) {
        List<Item> items = checklists.checklist(school).stream().filter(Item::active).toList();
        return Coverage.grid(items, semester, asOf, children(school, classId), evidence(school, semester, asOf, items));
    }

    /** 报表 (issue 20): the school's grid for the semester {@code day} falls in, as of that day. */
    Grid gridOn(long school, LocalDate day) {
        return grid(school, semesters.semesterOn(school, day), day, (Long) null);
    }

    /**
     * The school's grids for each semester (with the school's dates) that overlaps {@code [from, to]}, each as of
     * {@code to} or the semester's end: what {@link CareCoverageProvider} publishes.
     */
    List<Grid> grids(long school, LocalDate from, LocalDate to) {
        List<Grid> out = new ArrayList<>();
        for (Semester s = semesters.semesterOn(school, from); !s.start().isAfter(to); s = semesters.next(school, s)) {
            if (!s.end().isBefore(from)) {
                out.add(grid(school, s, to.isAfter(s.end()) ? s.end() : to, (Long) null));
            }
        }
        return out;
    }

    /**
     * A page of the school's grid (every class) with the summaries of the whole grid, reading only the page's children:
     * the children of each class are counted by the registry (its list totals, kept a few seconds), those who are not
     * left-behind (非留守, few) read once to be left out of the counts and the page, the children with evidence read by id,
     * and the page's rows read as a page of the registry's list of their class ({@link ChildService#find}, ordered by
     * class, name and id as {@link #children} orders them; deep pages seek on the list's kept keys). Every child without
     * evidence has the same cells ({@link Coverage#grid}), so a class's summary is that of its children with evidence and
     * as many rows without as the count leaves. Reading the page's whole class (8,300 children) took about half a second.
     *
     * @return the rows of the page (as {@link Grid#rows}), and the grid's items, summaries and number of rows
     */
    Page page(long school, Semester semester, LocalDate asOf, long from, int size) {
        List<Item> items = checklists.checklist(school).stream().filter(Item::active).toList();
        Map<Long, ChildEvidence> evidence = evidence(school, semester, asOf, items);
        Map<Long, String> classNames = new HashMap<>();
        schools.classes(school).forEach(k -> classNames.put(k.id(), k.name()));
        // the left-behind children per class (null: none), in the order of the grid's rows, and where each class's
        // children start in the school's list (for those in no class, after every class); those who are not
        // left-behind (非留守, few and often none) are counted apart and read only for the page's classes
        ChildQuery ofSchool = ChildQuery.ofSchool(school);
        ChildQuery none = ofSchool.toBuilder().leftBehindType(LeftBehindType.NONE).build();
        java.util.TreeMap<Long, Long> counts = new java.util.TreeMap<>(Comparator.nullsLast(Comparator.<Long>naturalOrder()));
        Map<Long, Long> noneCounts = new HashMap<>();
        long nones = total(none);
        long inClasses = 0;
        long listed = 0;
        long nonesInClasses = 0;
        for (Long k : classNames.keySet()) {
            long all = count(ofSchool.toBuilder().classId(k).build());
            long nonesOfClass = nones == 0 ? 0 : total(none.toBuilder().classId(k).build());
            counts.put(k, all - nonesOfClass);
            noneCounts.put(k, nonesOfClass);
            inClasses += all - nonesOfClass;
            nonesInClasses += nonesOfClass;
            listed += all;
        }
        noneCounts.put(null, Math.max(0, nones - nonesInClasses));
        counts.put(null, Math.max(0, count(ofSchool) - nones - inClasses));
        // the children with evidence the caller sees and that are left-behind, by class
        Map<Long, List<ChildRow>> withEvidence = new HashMap<>();
        children.forEachOf(ChildQuery.ofSchool(school), evidence.keySet(), c -> {
            if (c.leftBehindType() != LeftBehindType.NONE) {
                withEvidence.computeIfAbsent(c.classId(), k -> new ArrayList<>()).add(row(c, classNames));
            }
        });
        Coverage.Row blank = Coverage.grid(items, semester, asOf, List.of(new ChildRow(0, "", null, null)), Map.of()).rows().get(0);
        List<Coverage.Row> known = new ArrayList<>();
        long blanks = 0;
        List<Coverage.Summary> classes = new ArrayList<>();
        List<Coverage.Row> rows = new ArrayList<>();
        long start = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            List<Coverage.Row> own = Coverage.grid(items, semester, asOf, withEvidence.getOrDefault(e.getKey(), List.of()), evidence).rows();
            long n = Math.max(e.getValue(), own.size());
            if (n == 0) {
                continue;
            }
            classes.add(Coverage.summary(e.getKey(), e.getKey() == null ? null : classNames.get(e.getKey()), own, blank, n - own.size(), items));
            known.addAll(own);
            blanks += n - own.size();
            if (start < from + size && start + n > from) {
                long a = Math.max(from, start) - start;
                long b = Math.min(from + size, start + n) - start;
                ChildQuery list = e.getKey() == null ? ofSchool : ofSchool.toBuilder().classId(e.getKey()).build();
                List<Child> skipped = new ArrayList<>();
                if (noneCounts.getOrDefault(e.getKey(), 0L) > 0) {
                    all(list.toBuilder().leftBehindType(LeftBehindType.NONE).build(), c -> {
                        if (java.util.Objects.equals(c.classId(), e.getKey())) {
                            skipped.add(c);
                        }
                    });
                }
                List<ChildRow> read = rowsOf(list, e.getKey() == null ? listed : 0, e.getKey(), a, b, skipped, classNames);
                rows.addAll(Coverage.grid(items, semester, asOf, read, evidence).rows());
            }
            start += n;
        }
        return new Page(new Grid(semester, asOf, items, rows, classes, Coverage.summary(null, null, known, blank, blanks, items)), start);
    }

    /** A page of the grid's rows ({@link Grid#rows}) and the number of rows of the whole grid. */
    record Page(Grid grid, long total) {
    }

    private long count(ChildQuery q) {
        return children.find(q.toBuilder().page(0).size(1).build()).total();
    }

    /**
     * The number of children of a list where few or none may match (the children who are not left-behind): asked with
     * its second page of {@link ChildQuery#MAX_SIZE}, which the registry answers from the list's keys, kept a few seconds
     * with its total, without reading a row when the list is shorter. A first page would walk the whole school's list
     * looking for the rows that are not there, on every request.
     */
    private long total(ChildQuery q) {
        return children.find(q.toBuilder().page(1).size(ChildQuery.MAX_SIZE).build()).total();
    }

    /** Every child of the registry's list of {@code q}, in its order (school, class, name, id). */
    private void all(ChildQuery q, java.util.function.Consumer<Child> action) {
        for (int p = 0;; p++) {
            List<Child> items = children.find(q.toBuilder().page(p).size(ChildQuery.MAX_SIZE).build()).items();
            items.forEach(action);
            if (items.size() < ChildQuery.MAX_SIZE) {
                return;
            }
        }
    }

    private static ChildRow row(Child c, Map<Long, String> classNames) {
        return new ChildRow(c.id(), c.name(), c.classId(), c.classId() == null ? null : classNames.get(c.classId()));
    }

    /**
     * The order of {@link #children} within a class: name, then id. The registry's list is in that order too where the
     * database compares names by code point (H2; PostgreSQL with the C collation, as the tests run it); under a
     * linguistic collation a page would follow the registry's order instead.
     */
    private static final Comparator<Child> LIST_ORDER = Comparator.comparing(Child::name).thenComparingLong(Child::id);

    /**
     * The left-behind children {@code a … b - 1} of a class (in {@link #children}'s order), read from the registry's list
     * {@code list}, where the class's children start at {@code base}. The class's children who are not left-behind
     * ({@code nones}) are in the list too: the {@code i}-th left-behind child is the list's {@code base + i + j}-th, where
     * {@code j} of them come before it, so it is among the list's {@code base + a … base + b + nones - 1}.
     */
    private List<ChildRow> rowsOf(ChildQuery list, long base, Long classId, long a, long b, List<Child> nones, Map<Long, String> classNames) {
        List<Child> sorted = nones.stream().sorted(LIST_ORDER).toList();
        List<Child> window = range(list, base + a, (int) (b - a) + sorted.size());
        List<ChildRow> out = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            Child c = window.get(i);
            if (c.leftBehindType() == LeftBehindType.NONE || !java.util.Objects.equals(c.classId(), classId)) {
                continue;
            }
            int before = java.util.Collections.binarySearch(sorted, c, LIST_ORDER);
            long index = a + i - (before >= 0 ? before : -before - 1);
            if (index >= a && index < b) {
                out.add(row(c, classNames));
            }
        }
        return out;
    }

    /** The children at positions {@code from … from + count - 1} of the registry's list of {@code q}, in its order. */
    private List<Child> range(ChildQuery q, long from, int count) {
        int size = Math.min(ChildQuery.MAX_SIZE, Math.max(1, count));
        List<Child> out = new ArrayList<>(count);
        for (long p = from / size; p * size < from + count; p++) {
            List<Child> items = children.find(q.toBuilder().page((int) p).size(size).build()).items();
            for (int i = 0; i < items.size(); i++) {
                long at = p * size + i;
                if (at >= from && at < from + count) {
                    out.add(items.get(i));
                }
            }
            if (items.size() < size) {
                break;
            }
        }
        return out;
    }

    /** The grid of one child. */
    Grid grid(long school, Semester semester, LocalDate asOf, ChildRow child) {
        List<Item> items = checklists.checklist(school).stream().filter(Item::active).toList();
        return Coverage.grid(items, semester, asOf, List.of(child), evidence(school, semester, asOf, items));
    }

    private Map<Long, ChildEvidence> evidence(long school, Semester semester, LocalDate asOf, List<Item> items) {
        LocalDate until = asOf.isAfter(semester.end()) ? semester.end() : asOf;
        MentoringRecords provider = mentoring;
        Map<Long, ChildEvidence> own = coverageStore.evidence(school, semester.start(), until, provider == null);
        if (until.isBefore(semester.start())) {
            return own;
        }
        HomeRecords logs = home;
        if (logs != null) {
            own = HomeLink.add(own, logs.forSchool(school, semester.start(), until));
        }
        if (provider == null) {
            return own;
        }
        Map<Long, Map<String, PairEvidence>> pairs = new HashMap<>();
        List<MentoringRecords.ChildMentoring> records = provider.forSchool(school, semester.start(), until);
        for (Item i : items) {
            Evidence e = Evidence.parse(i.evidence());
            if (e.source().equals("pair")) {
                String scheme = e.values().iterator().next();
                PairingLink.talks(records, scheme).forEach((child, pair) -> pairs.computeIfAbsent(child, k -> new HashMap<>()).put(scheme, pair));
            }
        }
        Map<Long, ChildEvidence> out = new HashMap<>(own);
        pairs.forEach((child, p) -> {
            ChildEvidence e = out.getOrDefault(child, ChildEvidence.empty());
            out.put(child, new ChildEvidence(e.activities(), e.home(), e.records(), p));
        });
        return out;
    }

    // ---- reminders ----

    /**
     * Checks the school's reminder now, as the platform (the whole school, not the children the caller who asked happens
     * to see), like the scheduled check.
     *
     * @return the event's properties if one was posted, else {@code null}
     */
    Map<String, Object> remindNow(long school) {
        // SDK-GAP: no way to run work on demand without the request's caller (e.g. Jobs.runNow(name) or a platform
        // context): the check runs on a thread of its own, which has no caller, and this request waits for it.
        FutureTask<Map<String, Object>> check = new FutureTask<>(() -> remindIfDue(school, today()));
        Thread thread = new Thread(check, "activities-reminder-check");
        thread.setDaemon(true);
        thread.start();
        try {
            return check.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            check.cancel(true);
            throw new IllegalStateException("reminder check timed out", e);
        }
    }

    /** Removes evidence files that no row names (an upload whose row was never written) and stale partial uploads. */
    void sweepEvidence() {
        files.sweep(Duration.ofHours(1));
    }

    /** The scheduled check: every school that enabled the programme. */
    void checkReminders() {
        List<Long> enabled = programmes.programme(ActivitiesProgramme.ID).map(ProgrammeStatus::enabledSchools).map(List::copyOf)
                .orElse(List.of());
        for (Long school : enabled) {
            remindIfDue(school, today());
        }
    }

    /**
     * Posts the reminder of the school's current semester if {@code today} is within the configured weeks before its end
     * and it was not posted yet.
     *
     * @return the event's properties if one was posted, else {@code null}
     */
    Map<String, Object> remindIfDue(long school, LocalDate today) {
        Semester s = semesters.semesterOn(school, today);
        int weeks = reminders.reminderWeeks(school);
        if (weeks <= 0 || !s.contains(today) || today.isBefore(s.end().minusWeeks(weeks))) {
            return null;
        }
        Grid g = grid(school, s, today, (Long) null);
        int gaps = (int) g.rows().stream().filter(r -> r.missing() > 0).count();
        if (!reminders.markReminded(school, s.start(), gaps)) {
            return null;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("schoolId", school);
        props.put("semester", s.id());
        props.put("semesterEnd", s.end().toString());
        props.put("daysLeft", (int) (s.end().toEpochDay() - today.toEpochDay()));
        props.put("children", g.rows().size());
        props.put("childrenWithGaps", gaps);
        props.put("percent", g.school().percent());
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (Item i : g.items()) {
            missing.put(i.code(), g.rows().size() - g.school().doneByItem().getOrDefault(i.code(), 0));
        }
        props.put("missingByItem", missing);
        notify(school, s, today, g.rows().size(), gaps, g.school().percent());
        events.postEvent(new Event(TOPIC_REMINDER, props));
        return props;
    }

    /**
     * The reminder as a notice ({@code ACTIVITIES_REMINDER}, issue 19) to the school's administrators, once per school
     * and semester, when the platform has notifications.
     */
    private void notify(long school, Semester s, LocalDate today, int children, int gaps, Object percent) {
        Notifications n = notifications;
        if (n == null) {
            return;
        }
        int days = (int) (s.end().toEpochDay() - today.toEpochDay());
        n.send(Notice.builder(ActivitiesProgramme.ID, "ACTIVITIES_REMINDER").about(school, null).to(Audience.roles(Role.SCHOOL_ADMIN))
                .kindLabel(texts.zh("notice.reminder.kind"), texts.en("notice.reminder.kind"))
                .subject(texts.zh("notice.reminder.subject", days, gaps), texts.en("notice.reminder.subject", days, gaps))
                .body(texts.zh("notice.reminder.body", s.end().toString(), children, gaps, percent),
                        texts.en("notice.reminder.body", s.end().toString(), children, gaps, percent))
                .link("/#/p/" + ActivitiesProgramme.ID)
                .dedupKey(ActivitiesProgramme.ID + ":reminder:" + school + ":" + s.start()).build());
    }

    /** Posts an event about a change ({@code ACTIVITY_CREATED}, {@code RECORD_CREATED} …). */
    void post(String what, Map<String, Object> props) {
        events.postEvent(new Event(TOPIC_PREFIX + what, props));
    }
}
