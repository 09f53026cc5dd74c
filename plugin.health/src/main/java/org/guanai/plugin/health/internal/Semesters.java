package org.guanai.plugin.health.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;

/**
 * The programme's form of a semester, as campaigns and puberty classes store it and the API sends it: the school year,
 * then 1 (autumn) or 2 (spring), e.g. {@code 2026-2027-1}; read into the SDK's {@link Semester} and back.
 */
final class Semesters {
    /** The stored and API form of a semester: school year, then 1 (autumn) or 2 (spring), e.g. {@code 2026-2027-1}. */
    static final Pattern STORED = Pattern.compile("(\\d{4})-(\\d{4})-([12])");

    private Semesters() {
    }

    /**
     * @param s a semester as stored and sent, {@code 2026-2027-1} (school year, then 1 autumn or 2 spring), or as the SDK
     *          writes it, {@code 2026-AUTUMN}
     * @return the SDK's semester with the platform's default dates, if {@code s} is one
     */
    static Optional<Semester> of(CareCalendar calendar, String s) {
        Matcher m = s == null ? null : STORED.matcher(s);
        if (m == null || !m.matches()) {
            return calendar.semester(s);
        }
        int year = Integer.parseInt(m.group(1));
        return Integer.parseInt(m.group(2)) != year + 1 ? Optional.empty()
                : Optional.of(calendar.semester(year, m.group(3).equals("1") ? Term.AUTUMN : Term.SPRING));
    }

    /** @return the stored form of a semester, {@code 2026-2027-1} */
    static String code(Semester s) {
        return s.schoolYear() + "-" + (s.schoolYear() + 1) + "-" + (s.term() == Term.AUTUMN ? "1" : "2");
    }
}
