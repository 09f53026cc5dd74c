package org.guanai.core.registry.internal.programmes;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Locale;
import java.util.Optional;

import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The platform's clock and school calendar ({@link CareCalendar}). The clock is the system's, in China time; a test or a
 * demonstration may fix it ({@code fixedInstant}) so that every programme sees the same day.
 */
@Component(service = CareCalendar.class, configurationPid = CareCalendarService.PID)
@Designate(ocd = CareCalendarService.Config.class)
public final class CareCalendarService implements CareCalendar {
    static final String PID = "org.guanai.core.calendar";
    static final MonthDay AUTUMN_START = MonthDay.of(9, 1);
    static final MonthDay AUTUMN_END = MonthDay.of(1, 31);
    static final MonthDay SPRING_START = MonthDay.of(3, 1);
    static final MonthDay SPRING_END = MonthDay.of(7, 15);

    /** Configuration of the care calendar. */
    @ObjectClassDefinition(name = "Guanai care calendar", description = "The platform's clock (China time) and default semester dates")
    public @interface Config {
        @AttributeDefinition(name = "Fixed instant", description = "An ISO-8601 instant (2026-12-06T02:00:00Z) at which the"
                + " platform's clock stands still, for tests and demonstrations; empty: the system clock", required = false)
        String fixedInstant() default "";
    }

    private final Clock clock;

    @Activate
    public CareCalendarService(Config config) {
        this(config.fixedInstant() == null || config.fixedInstant().isBlank() ? Clock.system(ZONE)
                : Clock.fixed(Instant.parse(config.fixedInstant().strip()), ZONE));
    }

    CareCalendarService(Clock clock) {
        this.clock = clock.withZone(ZONE);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    @Override
    public int schoolYear(LocalDate date) {
        return date.getMonthValue() >= AUTUMN_START.getMonthValue() ? date.getYear() : date.getYear() - 1;
    }

    @Override
    public Semester semester(LocalDate date) {
        int m = date.getMonthValue();
        if (m >= AUTUMN_START.getMonthValue()) {
            return semester(date.getYear(), Term.AUTUMN);
        }
        if (m >= SPRING_START.getMonthValue()) {
            return semester(date.getYear() - 1, Term.SPRING);
        }
        return semester(date.getYear() - 1, Term.AUTUMN);
    }

    @Override
    public Semester semester(int schoolYear, Term term) {
        return term == Term.AUTUMN
                ? new Semester(schoolYear, term, AUTUMN_START.atYear(schoolYear), AUTUMN_END.atYear(schoolYear + 1))
                : new Semester(schoolYear, term, SPRING_START.atYear(schoolYear + 1), SPRING_END.atYear(schoolYear + 1));
    }

    @Override
    public Optional<Semester> semester(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int dash = id.indexOf('-');
        if (dash != 4) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(id.substring(0, dash));
            if (year < 2000 || year > 2099) {
                return Optional.empty();
            }
            return Optional.of(semester(year, Term.valueOf(id.substring(dash + 1).toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
