package org.guanai.plugin.activities.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.plugin.activities.internal.Checklists.Evidence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the coverage grid of a school and semester from this programme's records, the children the caller may see and,
 * when the pairing programme publishes {@link org.guanai.core.api.care.MentoringRecords}, its pairs and talks. Posts the semester-end reminders
 * ({@value #TOPIC_REMINDER}) a configured number of weeks before a semester ends, once per school and semester, from a
 * background check every few hours.
 */
@Component(service = CoverageService.class)
public final class CoverageService {
    static final String TOPIC_PREFIX = "org/guanai/programmes/activities/";
    /** Event: a semester ends within the configured weeks and children still have gaps. */
    static final String TOPIC_REMINDER = TOPIC_PREFIX + "REMINDER";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final Logger LOG = LoggerFactory.getLogger(CoverageService.class);

    private final ActivityStore store;
    private final ChildService children;
    private final SchoolService schools;
    private final ProgrammeRegistry programmes;
    private final EventAdmin events;
    private final EvidenceFiles files;
    private final ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.guanai.core.api.care.MentoringRecords mentoring;

    @Activate
    public CoverageService(@Reference ActivityStore store, @Reference ChildService children, @Reference SchoolService schools,
            @Reference ProgrammeRegistry programmes, @Reference EventAdmin events, @Reference EvidenceFiles files) {
        this.store = store;
        this.children = children;
        this.schools = schools;
        this.programmes = programmes;
        this.events = events;
        this.files = files;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "activities-reminders");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkReminders, 1, 360, TimeUnit.MINUTES);
        timer.scheduleWithFixedDelay(this::sweepEvidence, 5, 720, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    static LocalDate today() {
        return LocalDate.now(CHINA);
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
        for (SchoolClass k : schools.classes(school)) {
            classNames.put(k.id(), k.name());
        }
        List<ChildRow> out = new ArrayList<>();
        for (int page = 0;; page++) {
            Page<Child> p = children.find(new ChildQuery(school, classId, null, null, null, false, page, 500));
            for (Child c : p.items()) {
                if (c.leftBehindType() != LeftBehindType.NONE) {
                    out.add(new ChildRow(c.id(), c.name(), c.classId(), c.classId() == null ? null : classNames.get(c.classId())));
                }
            }
            if ((long) (page + 1) * 500 >= p.total() || p.items().isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** The grid of the school's (or a class's) children for a semester, as of {@code asOf}. */
    Grid grid(long school, Semester semester, LocalDate asOf, Long classId) throws SQLException {
        List<Item> items = store.checklist(school).stream().filter(Item::active).toList();
        return Coverage.grid(items, semester, asOf, children(school, classId), evidence(school, semester, asOf, items));
    }

    /** The grid of one child. */
    Grid grid(long school, Semester semester, LocalDate asOf, ChildRow child) throws SQLException {
        List<Item> items = store.checklist(school).stream().filter(Item::active).toList();
        return Coverage.grid(items, semester, asOf, List.of(child), evidence(school, semester, asOf, items));
    }

    private Map<Long, ChildEvidence> evidence(long school, Semester semester, LocalDate asOf, List<Item> items) throws SQLException {
        LocalDate until = asOf.isAfter(semester.end()) ? semester.end() : asOf;
        org.guanai.core.api.care.MentoringRecords provider = mentoring;
        Map<Long, ChildEvidence> own = store.evidence(school, semester.start(), until, provider == null);
        if (provider == null || until.isBefore(semester.start())) {
            return own;
        }
        Map<Long, Map<String, List<LocalDate>>> pairs = new HashMap<>();
        List<org.guanai.core.api.care.MentoringRecords.ChildMentoring> records = provider.forSchool(school, semester.start(), until);
        for (Item i : items) {
            Evidence e = Evidence.parse(i.evidence());
            if (e.source().equals("pair")) {
                String scheme = e.values().iterator().next();
                Map<Long, List<LocalDate>> found = PairingLink.talks(records, scheme);
                if (found != null) {
                    found.forEach((child, talks) -> pairs.computeIfAbsent(child, k -> new HashMap<>()).put(scheme,
                            talks == null ? List.of() : List.copyOf(talks)));
                }
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
     * Checks the school's reminder now, on the background thread: as the platform (the whole school, not the children
     * the caller who asked happens to see), like the scheduled check.
     */
    Map<String, Object> remindNow(long school) throws SQLException {
        try {
            return timer.submit(() -> remindIfDue(school, today())).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("reminder check timed out", e);
        }
    }

    /** Removes evidence files that no row names (an upload whose row was never written) and stale partial uploads. */
    void sweepEvidence() {
        try {
            files.sweep(store.evidenceHashes(), java.time.Duration.ofHours(1));
        } catch (RuntimeException | SQLException | java.io.IOException e) {
            LOG.warn("activities: evidence sweep failed", e);
        }
    }

    /** The background check: every school that enabled the programme. */
    void checkReminders() {
        try {
            List<Long> enabled = programmes.programme(ActivityStore.ID).map(ProgrammeStatus::enabledSchools).map(List::copyOf)
                    .orElse(List.of());
            for (Long school : enabled) {
                remindIfDue(school, today());
            }
        } catch (RuntimeException | SQLException e) {
            LOG.warn("activities: reminder check failed", e);
        }
    }

    /**
     * Posts the reminder of the school's current semester if {@code today} is within the configured weeks before its end
     * and it was not posted yet.
     *
     * @return the event's properties if one was posted, else {@code null}
     */
    Map<String, Object> remindIfDue(long school, LocalDate today) throws SQLException {
        Semester s = store.semesterOn(school, today);
        int weeks = store.reminderWeeks(school);
        if (weeks <= 0 || !s.contains(today) || today.isBefore(s.end().minusWeeks(weeks))) {
            return null;
        }
        Grid g = grid(school, s, today, (Long) null);
        int gaps = (int) g.rows().stream().filter(r -> r.missing() > 0).count();
        if (!store.markReminded(school, s.start(), gaps)) {
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
        events.postEvent(new Event(TOPIC_REMINDER, props));
        return props;
    }

    /** Posts an event about a change ({@code ACTIVITY_CREATED}, {@code RECORD_CREATED} …). */
    void post(String what, Map<String, Object> props) {
        events.postEvent(new Event(TOPIC_PREFIX + what, props));
    }
}
