package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.guanai.sdk.data.Database;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A school's semesters ({@code activities_semester}). A semester is the SDK's {@link Semester}: stored by school year and
 * term ({@code 2026}, {@code AUTUMN}), as its id {@code 2026-AUTUMN} names it; a school's own dates replace the calendar's
 * defaults. A day in a holiday belongs to the semester that ended last.
 */
@Component(service = SemesterStore.class)
public final class SemesterStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public SemesterStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    /** @return the semesters whose dates the school set, by start */
    List<Semester> configuredSemesters(long school) {
        return db.read(sql -> sql.list("SELECT * FROM activities_semester WHERE school_id = ? ORDER BY start_date",
                rs -> new Semester(rs.getInt("school_year"), Term.valueOf(rs.getString("term")), rs.getObject("start_date", LocalDate.class),
                        rs.getObject("end_date", LocalDate.class)),
                school));
    }

    /** @return whether the school set the dates of the semester (else they are the calendar's defaults) */
    boolean configured(long school, Semester s) {
        return db.read(sql -> sql.count("SELECT COUNT(*) FROM activities_semester WHERE school_id = ? AND school_year = ? AND term = ?",
                school, s.schoolYear(), s.term())) > 0;
    }

    /** @return the semester with the school's dates, or the calendar's defaults */
    Semester semester(long school, int schoolYear, Term term) {
        return semester(configuredSemesters(school), schoolYear, term);
    }

    /** @return the semester of an id such as {@code 2026-AUTUMN}, with the school's dates; empty if it is not one */
    Optional<Semester> semester(long school, String id) {
        return calendar.semester(id).map(s -> semester(school, s.schoolYear(), s.term()));
    }

    private Semester semester(List<Semester> configured, int schoolYear, Term term) {
        return configured.stream().filter(s -> s.schoolYear() == schoolYear && s.term() == term).findFirst()
                .orElseGet(() -> calendar.semester(schoolYear, term));
    }

    /** @return the semester before {@code s}, with the school's dates */
    Semester previous(long school, Semester s) {
        return previous(configuredSemesters(school), s);
    }

    /** @return the semester after {@code s}, with the school's dates */
    Semester next(long school, Semester s) {
        return next(configuredSemesters(school), s);
    }

    private Semester previous(List<Semester> configured, Semester s) {
        return s.term() == Term.SPRING ? semester(configured, s.schoolYear(), Term.AUTUMN) : semester(configured, s.schoolYear() - 1, Term.SPRING);
    }

    private Semester next(List<Semester> configured, Semester s) {
        return s.term() == Term.AUTUMN ? semester(configured, s.schoolYear(), Term.SPRING) : semester(configured, s.schoolYear() + 1, Term.AUTUMN);
    }

    /** @return the semester a day is in, or in a holiday the last one before it */
    Semester semesterOn(long school, LocalDate day) {
        List<Semester> configured = configuredSemesters(school);
        for (Semester s : configured) {
            if (s.contains(day)) {
                return s;
            }
        }
        Semester d = calendar.semester(day);
        Semester s = semester(configured, d.schoolYear(), d.term());
        // a configured semester may start later than the default: then the day belongs to the one before
        while (s.start().isAfter(day)) {
            s = previous(configured, s);
        }
        // and a configured next semester may already have started
        Semester next = next(configured, s);
        return next.start().isAfter(day) ? s : next;
    }

    /** Sets the school's dates of a semester. */
    void putSemester(long school, Semester s) {
        db.txRetrying(sql -> {
            if (sql.update("UPDATE activities_semester SET start_date = ?, end_date = ? WHERE school_id = ? AND school_year = ? AND term = ?",
                    s.start(), s.end(), school, s.schoolYear(), s.term()) == 0) {
                sql.update("INSERT INTO activities_semester (school_id, school_year, term, start_date, end_date) VALUES (?, ?, ?, ?, ?)",
                        school, s.schoolYear(), s.term(), s.start(), s.end());
            }
            return null;
        });
    }
}
