package org.guanai.core.registry.internal.returns;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 报表报送提醒 (issue 20): once a day (the SDK's {@link Jobs}, one node of the cluster), for each return period whose last
 * day ({@link ReturnsService#lastDay}) is near or has just passed, tells the administrators of every school that has not
 * submitted it (none yet, or the latest sent back and not submitted again):
 * <ul>
 * <li>a reminder {@code reminderDays} before the last day (default 7 and 1 days), notice kind {@value #REMINDER};</li>
 * <li>an overdue notice from the day after the last day, same kind;</li>
 * <li>and the county administrators, the day after, one list of the schools late ({@value #LATE}); none when none is.</li>
 * </ul>
 * Each notice once per school, stage and period: its de-duplication key, so two nodes or two runs never send it twice. A
 * stage is still sent when the job did not run on its day (the platform was down) until the next stage is due, the
 * overdue notices up to {@value #CATCH_UP_DAYS} days after the last day; a stage missed entirely gives way to the
 * next. A notice the notification service could not queue (an error) is sent by a later run while its stage lasts.
 */
@Component(configurationPid = ReturnsReminders.PID)
@Designate(ocd = ReturnsReminders.Config.class)
public final class ReturnsReminders {
    static final String PID = "org.guanai.core.returns";
    /** Notice kind of the reminders and overdue notices to a school. */
    static final String REMINDER = "RETURN_REMINDER";
    /** Notice kind of the county's list of late schools. */
    static final String LATE = "RETURNS_LATE";
    /** How long after the last day the overdue notices are still sent when the job could not run on the day after. */
    static final int CATCH_UP_DAYS = 7;
    static final String LINK = "/#/returns";
    private static final int MAX_DAYS = 60;
    private static final int LIST_CHARS = 3000;
    private static final Logger LOG = LoggerFactory.getLogger(ReturnsReminders.class);

    @ObjectClassDefinition(name = "Guanai returns (报表报送)", description = "Reminders of the returns' deadlines to schools and the county")
    public @interface Config {
        @AttributeDefinition(description = "提前几天提醒: days before a return's last day on which the schools that have not"
                + " submitted it are reminded, a comma-separated list of whole numbers 0-60 (0: on the last day); empty: no reminders"
                + " before the deadline, only the overdue notices")
        String reminderDays() default "7,1";

        @AttributeDefinition(description = "Hour of the day (0-23, China time) at which the reminders are checked")
        int checkHour() default 8;
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final List<Integer> days;
    private final Messages messages = new Messages();
    private final Notifications notifications;
    private final Job job;

    /**
     * The notification service is a constructor reference: the job's first run starts at once, before a dynamic
     * reference would be bound, and the reminders have no other way out.
     */
    @Activate
    public ReturnsReminders(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CareCalendar calendar, @Reference Jobs jobs,
            @Reference Notifications notifications, Config config) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = calendar.clock();
        this.days = days(config.reminderDays());
        this.notifications = notifications;
        int hour = Math.max(0, Math.min(23, config.checkHour()));
        this.job = jobs.daily("returns-reminders", LocalTime.of(hour, 0), due -> run());
    }

    private ReturnsReminders(DataSource dataSource, Clock clock, String reminderDays, Notifications notifications) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.days = days(reminderDays);
        this.job = null;
        this.notifications = notifications;
    }

    /** For tests: no job (they call {@link #run()}), a clock of their own. */
    static ReturnsReminders forTests(DataSource dataSource, Clock clock, String reminderDays, Notifications notifications) {
        return new ReturnsReminders(dataSource, clock, reminderDays, notifications);
    }

    @Deactivate
    void deactivate() {
        if (job != null) {
            job.cancel();
        }
    }

    /** @return the reminder days of the configuration, largest first, each once; what is not a number of 0-60 is left out */
    static List<Integer> days(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : (text == null ? "" : text).split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int d = Integer.parseInt(part.strip());
                if (d >= 0 && d <= MAX_DAYS) {
                    out.add(d);
                    continue;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            LOG.warn("{} reminderDays: '{}' is not a number of days 0-{}; left out", PID, part, MAX_DAYS);
        }
        return List.copyOf(out.descendingSet());
    }

    /** What is due for a period on a day: a reminder {@code daysBefore} the last day, or the overdue notices. */
    record Stage(ReturnPeriod period, boolean overdue, int daysBefore) {
        String key() {
            return overdue ? "overdue" : "before" + daysBefore;
        }
    }

    /**
     * @return the stages due on {@code today}: for each period whose last day is near, the latest reminder whose day has
     *         come (until the last day), or the overdue notices from the day after it for {@value #CATCH_UP_DAYS} days
     */
    List<Stage> stages(LocalDate today) {
        List<Stage> out = new ArrayList<>();
        for (int year = today.getYear() - 1; year <= today.getYear(); year++) {
            List<ReturnPeriod> periods = new ArrayList<>();
            for (int q = 1; q <= 4; q++) {
                periods.add(ReturnPeriod.parse(year + "Q" + q));
            }
            periods.add(ReturnPeriod.parse(Integer.toString(year)));
            for (ReturnPeriod p : periods) {
                LocalDate last = ReturnsService.lastDay(p);
                if (today.isAfter(last)) {
                    if (!today.isAfter(last.plusDays(CATCH_UP_DAYS))) {
                        out.add(new Stage(p, true, 0));
                    }
                    continue;
                }
                // the days are largest first: the last whose day has come is the latest stage
                Optional<Integer> due = days.stream().filter(d -> !last.minusDays(d).isAfter(today)).reduce((a, b) -> b);
                due.ifPresent(d -> out.add(new Stage(p, false, d)));
            }
        }
        return out;
    }

    /** A school that has not submitted a period's return. */
    record School(long id, String name) {
    }

    /**
     * @return the schools (not archived) without a submission of the period that stands: none, or only submissions sent
     *         back (the latest is then sent back: a school submits again only after a return)
     */
    List<School> notSubmitted(ReturnPeriod period) {
        return jdbc.read(c -> Jdbc.list(c, "SELECT s.id, s.name FROM core_school s WHERE s.archived = FALSE AND NOT EXISTS"
                + " (SELECT 1 FROM core_return_submission r WHERE r.school_id = s.id AND r.period = ? AND r.status <> ?)"
                + " ORDER BY s.name, s.id", rs -> new School(rs.getLong(1), rs.getString(2)), period.toString(),
                ReturnsService.RETURNED));
    }

    /** Sends what is due today; @return how many notices the notification service queued (not those sent before) */
    public int run() {
        Notifications n = notifications;
        LocalDate today = LocalDate.ofInstant(clock.instant(), CareCalendar.ZONE);
        int sent = 0;
        List<Stage> stages = stages(today);
        for (Stage stage : stages) {
            List<School> schools = notSubmitted(stage.period());
            LOG.info("Returns of {} due by {}, stage {}: {} school(s) not submitted", stage.period(),
                    ReturnsService.lastDay(stage.period()), stage.key(), schools.size());
            for (School s : schools) {
                sent += send(n, school(stage, s, today)) ? 1 : 0;
            }
            if (stage.overdue() && !schools.isEmpty()) {
                sent += send(n, county(stage.period(), schools, today)) ? 1 : 0;
            }
        }
        return sent;
    }

    private static boolean send(Notifications n, Notice notice) {
        try {
            return n.send(notice).isPresent();
        } catch (RuntimeException e) {
            LOG.warn("Notice {} could not be queued; tried again at the next run", notice.dedupKey(), e);
            return false;
        }
    }

    private String[] period(ReturnPeriod p) {
        String year = Integer.toString(p.year());
        return p.isQuarter()
                ? new String[] { messages.zh("returns.period.quarter", year, Integer.toString(p.quarter())),
                        messages.en("returns.period.quarter", year, Integer.toString(p.quarter())) }
                : new String[] { messages.zh("returns.period.year", year), messages.en("returns.period.year", year) };
    }

    /** The reminder or overdue notice to a school's administrators. */
    Notice school(Stage stage, School s, LocalDate today) {
        ReturnPeriod p = stage.period();
        String[] label = period(p);
        LocalDate last = ReturnsService.lastDay(p);
        String key = stage.overdue() ? "returns.notice.overdue" : "returns.notice.reminder";
        long left = ChronoUnit.DAYS.between(today, last);
        Object[] zh = { label[0], last.toString(), s.name(), left };
        Object[] en = { label[1], last.toString(), s.name(), left };
        return Notice.builder("core", REMINDER).about(s.id(), null)
                .kindLabel(messages.zh("returns.notice.kind." + REMINDER), messages.en("returns.notice.kind." + REMINDER))
                .to(Audience.roles(Role.SCHOOL_ADMIN))
                .subject(messages.zh(key + ".subject", zh), messages.en(key + ".subject", en))
                .body(messages.zh(key + ".body", zh), messages.en(key + ".body", en)).link(LINK)
                .dedupKey("returns:" + p + ":school:" + s.id() + ":" + stage.key()).build();
    }

    /** The county administrators' list of the schools late with a period's return. */
    Notice county(ReturnPeriod p, List<School> late, LocalDate today) {
        String[] label = period(p);
        String last = ReturnsService.lastDay(p).toString();
        String namesZh = names(late, "、", "returns.notice.late.more", true);
        String namesEn = names(late, ", ", "returns.notice.late.more", false);
        Object[] zh = { label[0], last, late.size(), namesZh, today.toString() };
        Object[] en = { label[1], last, late.size(), namesEn, today.toString() };
        return Notice.builder("core", LATE).about(late.get(0).id(), null)
                .kindLabel(messages.zh("returns.notice.kind." + LATE), messages.en("returns.notice.kind." + LATE))
                .to(Audience.roles(Role.COUNTY_ADMIN))
                .subject(messages.zh("returns.notice.late.subject", zh), messages.en("returns.notice.late.subject", en))
                .body(messages.zh("returns.notice.late.body", zh), messages.en("returns.notice.late.body", en)).link(LINK)
                .dedupKey("returns:" + p + ":county:late").build();
    }

    /** @return the schools' names joined, cut short with "and n more" where the list would not fit a notice */
    private String names(List<School> schools, String separator, String moreKey, boolean zh) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (School s : schools) {
            if (out.length() + s.name().length() > LIST_CHARS) {
                break;
            }
            out.append(shown == 0 ? "" : separator).append(s.name());
            shown++;
        }
        if (shown < schools.size()) {
            int more = schools.size() - shown;
            out.append(zh ? messages.zh(moreKey, more) : messages.en(moreKey, more));
        }
        return out.toString();
    }
}
