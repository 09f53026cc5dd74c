package org.guanai.plugin.activities.internal;

import java.util.HashMap;
import java.util.Map;

import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Views.SemesterView;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.time.Semester;

/** What the programme's two APIs ({@link ActivitiesApi}, {@link SetupApi}) read the same way. */
final class ApiSupport {
    private final SemesterStore semesters;
    private final CoverageService coverage;

    ApiSupport(SemesterStore semesters, CoverageService coverage) {
        this.semesters = semesters;
        this.coverage = coverage;
    }

    /** Declares the {@code semester} query parameter of a route. */
    static Route semester(Route r) {
        return r.query("semester", String.class, "学期，如 2026-AUTUMN；默认当前学期", "Semester such as 2026-AUTUMN; default the current one");
    }

    /** @return the semester of {@code ?semester=2026-AUTUMN} with the school's dates, else the current one */
    Semester semester(Request rq) {
        return rq.query("semester")
                .map(id -> semesters.semester(rq.school(), id).orElseThrow(() -> rq.texts().invalid("semester", "error.semesterId")))
                .orElseGet(() -> semesters.semesterOn(rq.school(), coverage.today()));
    }

    SemesterView view(long school, Semester s) {
        return SemesterView.of(s, semesters.configured(school, s));
    }

    /** As {@link #visibleNames(long)}, of the participants of these activities only. */
    Map<Long, String> visibleNames(long school, java.util.Collection<Activity> activities) {
        return coverage.names(school, activities.stream().flatMap(a -> a.participants().stream()).toList());
    }

    /** Child id → name of the school's children the caller may see (a 班主任: their classes). */
    Map<Long, String> visibleNames(long school) {
        Map<Long, String> out = new HashMap<>();
        for (ChildRow c : coverage.children(school, null)) {
            out.put(c.id(), c.name());
        }
        return out;
    }
}
