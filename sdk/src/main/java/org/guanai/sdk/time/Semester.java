package org.guanai.sdk.time;

import java.time.LocalDate;

/**
 * 学期: one semester, dates inclusive.
 *
 * @param schoolYear the year the school year starts in (2026 for 2026–2027)
 * @param term       autumn or spring
 * @param start      first day
 * @param end        last day
 */
public record Semester(int schoolYear, Term term, LocalDate start, LocalDate end) {

    /** Checks the dates. */
    public Semester {
        if (term == null || start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("a semester has a term and ends after it starts");
        }
    }

    /** @return the id, e.g. {@code 2026-AUTUMN}; what APIs and tables store */
    public String id() {
        return schoolYear + "-" + term.name();
    }

    /** @return whether the date is one of the semester's days */
    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }

    /** @return the same semester with a school's own dates */
    public Semester withDates(LocalDate newStart, LocalDate newEnd) {
        return new Semester(schoolYear, term, newStart, newEnd);
    }

    /** @return e.g. {@code 2026-2027学年秋季学期} */
    public String labelZh() {
        return schoolYear + "-" + (schoolYear + 1) + "学年" + (term == Term.AUTUMN ? "秋季学期" : "春季学期");
    }

    /** @return e.g. {@code 2026-2027 autumn semester} */
    public String labelEn() {
        return schoolYear + "-" + (schoolYear + 1) + " " + (term == Term.AUTUMN ? "autumn" : "spring") + " semester";
    }
}
