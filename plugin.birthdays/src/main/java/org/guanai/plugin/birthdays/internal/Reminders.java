package org.guanai.plugin.birthdays.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * 提醒: posts an event {@value #TOPIC} a configurable number of days before each occasion (children's and elders'
 * birthdays, festivals) of every school that enabled the programme — or later, up to the day itself, if the platform was
 * down then — once per occasion (kept in {@code birthdays_reminder}). A job of the SDK's {@link Jobs} (one node of the
 * cluster runs it) checks at once and then every hour (configurable, PID {@value #PID}); days are China time
 * ({@link CareCalendar}).
 * <p>
 * Event properties: {@code schoolId}, {@code date} (ISO day of the occasion), {@code daysAhead} (days from the posting to it), {@code kind},
 * {@code code}, {@code titleZh}, {@code titleEn}, and for a birthday {@code classId}, {@code childId}, {@code personId},
 * {@code calendar}. The titles name the person (as the page does); nothing else personal is carried.
 * <p>
 * With the platform's {@link Notifications} (optional), each reminder is also a notice ({@code BIRTHDAY_REMINDER}) to
 * the school's administrators and teachers, in their inbox and on the channels they chose; its de-duplication key
 * (school, occasion, date) makes it once-only even if two nodes ran the job.
 */
@Component(service = Reminders.class, configurationPid = Reminders.PID)
@Designate(ocd = Reminders.Config.class)
public final class Reminders {
    static final String PID = "org.guanai.programmes.birthdays";
    /** Topic of a reminder event. */
    public static final String TOPIC = "org/guanai/programmes/birthdays/REMINDER";
    private static final int SCHOOLS_PAGE = 200;

    @ObjectClassDefinition(name = "生日 birthdays", description = "Reminders of birthdays and occasions")
    public @interface Config {
        @AttributeDefinition(name = "days ahead", description = "提前几天提醒: how many days before an occasion its reminder is posted (0–60)")
        int reminderDays() default 3;

        @AttributeDefinition(name = "check every minutes", description = "how often the reminders are checked (at least 1)")
        int periodMinutes() default 60;
    }

    private final OccasionService occasions;
    private final BirthdayStore store;
    private final SchoolService schools;
    private final ProgrammeRegistry programmes;
    private final CareCalendar calendar;
    private final EventAdmin events;
    private final Jobs jobs;
    private final Texts texts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Notifications notifications;
    private volatile int daysAhead;
    private volatile int periodMinutes;
    private volatile Job job;

    @Activate
    public Reminders(@Reference OccasionService occasions, @Reference BirthdayStore store, @Reference SchoolService schools,
            @Reference ProgrammeRegistry programmes, @Reference EventAdmin events, @Reference CareCalendar calendar, @Reference Jobs jobs,
            @Reference Texts texts, Config config) {
        this.texts = texts;
        this.occasions = occasions;
        this.store = store;
        this.schools = schools;
        this.programmes = programmes;
        this.calendar = calendar;
        // a constructor reference, not a dynamic one: the first run may start before dynamic references are bound
        this.events = events;
        this.jobs = jobs;
        this.daysAhead = Math.max(0, Math.min(60, config.reminderDays()));
        this.periodMinutes = Math.max(1, config.periodMinutes());
        this.job = schedule();
    }

    private Job schedule() {
        return jobs.every("reminders", Duration.ofMinutes(periodMinutes), due -> run(calendar.today()));
    }

    /**
     * New settings without a restart of the programme's components: a new period reschedules the job; a new lead time
     * may make reminders due at once, so the job runs soon (each reminder is still posted once).
     */
    @Modified
    void modified(Config config) {
        int days = Math.max(0, Math.min(60, config.reminderDays()));
        int period = Math.max(1, config.periodMinutes());
        if (period != periodMinutes) {
            periodMinutes = period;
            job.cancel();
            job = schedule();
        }
        if (days != daysAhead) {
            daysAhead = days;
            job.runSoon();
        }
    }

    @Deactivate
    void deactivate() {
        job.cancel();
    }

    int daysAhead() {
        return daysAhead;
    }

    /**
     * @return the occasions whose reminder is due on {@code today}: those from today to {@code today + daysAhead}, so
     *         that a reminder missed while the platform was down (a school server off over a weekend) is still posted,
     *         each one once
     */
    List<Occasion> due(long schoolId, LocalDate today, OccasionService.Filter filter) {
        return occasions.occasions(schoolId, today, today.plusDays(daysAhead), true, true, true, filter);
    }

    /** Posts the reminders due today for every school that enabled the programme; @return how many were posted */
    int run(LocalDate today) {
        int posted = 0;
        for (int page = 0;; page++) {
            List<School> batch = schools.schools(false, page, SCHOOLS_PAGE).items();
            for (School s : batch) {
                if (programmes.isEnabled(s.id(), BirthdaysProgramme.ID)) {
                    for (Occasion o : due(s.id(), today, OccasionService.Filter.ALL)) {
                        if (store.markReminder(s.id(), IcsWriter.uid(o), o.date())) {
                            notify(s.id(), o, today);
                            events.postEvent(new Event(TOPIC, properties(s.id(), o, today)));
                            posted++;
                        }
                    }
                }
            }
            if (batch.size() < SCHOOLS_PAGE) {
                return posted;
            }
        }
    }

    /** The reminder as a notice to the school's administrators and teachers, when the platform has notifications. */
    private void notify(long schoolId, Occasion o, LocalDate today) {
        Notifications n = notifications;
        if (n != null) {
            n.send(notice(texts, schoolId, o, today));
        }
    }

    static Notice notice(Texts texts, long schoolId, Occasion o, LocalDate today) {
        int days = (int) ChronoUnit.DAYS.between(today, o.date());
        String when = days == 0 ? "today" : "inDays";
        return Notice.builder(BirthdaysProgramme.ID, "BIRTHDAY_REMINDER").about(schoolId, o.childId())
                .kindLabel(texts.zh("notice.reminder.kind"), texts.en("notice.reminder.kind"))
                .to(Audience.roles(Role.SCHOOL_ADMIN, Role.TEACHER))
                .subject(texts.zh("notice.reminder.subject." + when, o.titleZh(), days),
                        texts.en("notice.reminder.subject." + when, o.titleEn(), days))
                .body(texts.zh("notice.reminder.body", o.titleZh(), o.date().toString()),
                        texts.en("notice.reminder.body", o.titleEn(), o.date().toString()))
                .link("/#/p/" + BirthdaysProgramme.ID)
                .dedupKey(BirthdaysProgramme.ID + ":reminder:" + schoolId + ":" + IcsWriter.uid(o) + ":" + o.date()).build();
    }

    Map<String, Object> properties(long schoolId, Occasion o, LocalDate today) {
        Map<String, Object> p = new HashMap<>();
        p.put("schoolId", schoolId);
        p.put("date", o.date().toString());
        p.put("daysAhead", (int) ChronoUnit.DAYS.between(today, o.date()));
        p.put("kind", o.kind());
        p.put("code", o.code());
        p.put("titleZh", o.titleZh());
        p.put("titleEn", o.titleEn());
        if (o.childId() != null) {
            p.put("childId", o.childId());
            p.put("personId", o.personId());
            p.put("calendar", o.calendar().name());
            if (o.classId() != null) {
                p.put("classId", o.classId());
            }
        }
        return p;
    }
}
