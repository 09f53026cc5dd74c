package org.guanai.sdk.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's clock and school calendar. Every date a programme shows or computes ("today", this semester, a
 * deadline) comes from here, so that tests can set the clock and every programme agrees. Implemented by the core
 * ({@code @Reference CareCalendar calendar}).
 */
@ProviderType
public interface CareCalendar {

    /** The time zone of every school: 北京时间. */
    ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** @return the platform's clock, in {@link #ZONE} */
    Clock clock();

    /** @return now */
    Instant now();

    /** @return today in China */
    LocalDate today();

    /**
     * @return the school year a date belongs to: the year its autumn semester starts in (2026 for 2026–2027; January
     *         and February 2027 belong to 2026, so do the summer holidays of 2027)
     */
    int schoolYear(LocalDate date);

    /**
     * The semester a date falls in, with the default dates (autumn 1 September – 31 January, spring 1 March – 15 July);
     * in a holiday, the semester that ended last. A school that keeps its own dates stores them and uses
     * {@link Semester#withDates}.
     */
    Semester semester(LocalDate date);

    /** @return the semester of a school year and term, with the default dates */
    Semester semester(int schoolYear, Term term);

    /** @return the semester of an id such as {@code 2026-AUTUMN}, with the default dates; empty if it is not one */
    Optional<Semester> semester(String id);
}
