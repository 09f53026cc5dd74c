package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.MonthDay;

/**
 * 学期: one semester of a school, dates inclusive. The Chinese school year has two: autumn (秋季学期, September to January)
 * and spring (春季学期, March to July) (domain §10). A school sets its own dates; without them the defaults below apply.
 *
 * @param schoolYear the year the school year starts in (2026 for 2026–2027)
 * @param term       AUTUMN or SPRING
 * @param start      first day
 * @param end        last day
 * @param configured whether the school set these dates (else they are the defaults)
 */
record Semester(int schoolYear, Term term, LocalDate start, LocalDate end, boolean configured) {

    /** 秋季 / 春季. */
    enum Term {
        AUTUMN, SPRING
    }

    static final MonthDay AUTUMN_START = MonthDay.of(9, 1);
    static final MonthDay AUTUMN_END = MonthDay.of(1, 31);
    static final MonthDay SPRING_START = MonthDay.of(3, 1);
    static final MonthDay SPRING_END = MonthDay.of(7, 15);

    /** The default dates: autumn 1 Sep – 31 Jan, spring 1 Mar – 15 Jul. */
    static Semester defaults(int schoolYear, Term term) {
        return term == Term.AUTUMN
                ? new Semester(schoolYear, term, AUTUMN_START.atYear(schoolYear), AUTUMN_END.atYear(schoolYear + 1), false)
                : new Semester(schoolYear, term, SPRING_START.atYear(schoolYear + 1), SPRING_END.atYear(schoolYear + 1), false);
    }

    /** @return the school year (e.g. 2026) and term a date falls in or, in a holiday, the semester that ended last */
    static Semester.Key keyFor(LocalDate d) {
        int y = d.getYear();
        if (d.getMonthValue() >= 9) {
            return new Key(y, Term.AUTUMN);
        }
        if (d.getMonthValue() >= 3) {
            return new Key(y - 1, Term.SPRING);
        }
        return new Key(y - 1, Term.AUTUMN);
    }

    boolean contains(LocalDate d) {
        return !d.isBefore(start) && !d.isAfter(end);
    }

    /** e.g. {@code 2026-2027 秋季学期}. */
    String labelZh() {
        return schoolYear + "-" + (schoolYear + 1) + "学年" + (term == Term.AUTUMN ? "秋季学期" : "春季学期");
    }

    String labelEn() {
        return schoolYear + "-" + (schoolYear + 1) + " " + (term == Term.AUTUMN ? "autumn" : "spring") + " semester";
    }

    /** e.g. {@code 2026-AUTUMN}. */
    String id() {
        return schoolYear + "-" + term;
    }

    /** A semester's key. */
    record Key(int schoolYear, Term term) {
        static Key parse(String s) {
            int dash = s.indexOf('-');
            if (dash <= 0) {
                throw new IllegalArgumentException(s);
            }
            int year = Integer.parseInt(s.substring(0, dash));
            if (year < 2000 || year > 2100) {
                throw new IllegalArgumentException(s);
            }
            return new Key(year, Term.valueOf(s.substring(dash + 1).toUpperCase(java.util.Locale.ROOT)));
        }

        Key previous() {
            return term == Term.SPRING ? new Key(schoolYear, Term.AUTUMN) : new Key(schoolYear - 1, Term.SPRING);
        }

        Key next() {
            return term == Term.AUTUMN ? new Key(schoolYear, Term.SPRING) : new Key(schoolYear + 1, Term.AUTUMN);
        }
    }
}
