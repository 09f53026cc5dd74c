package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Who is served and how the work went: the school's population (服务对象, by the rules of {@link Population}, key
 * targets first; audited), the report per campaign, and the county's report over every school the caller may act for
 * (counts only).
 */
@Component(service = Reports.class)
public final class Reports {
    private final HealthStore store;
    private final SchoolService schools;
    private final GuardianService guardians;
    private final CallerContext callers;
    private final ProgrammeRegistry programmes;
    private final AuditTrail audit;
    private final CareCalendar calendar;

    @Activate
    public Reports(@Reference HealthStore store, @Reference SchoolService schools,
            @Reference GuardianService guardians, @Reference CallerContext callers, @Reference ProgrammeRegistry programmes,
            @Reference AuditTrail audit, @Reference CareCalendar calendar) {
        this.store = store;
        this.schools = schools;
        this.guardians = guardians;
        this.callers = callers;
        this.programmes = programmes;
        this.audit = audit;
        this.calendar = calendar;
    }

    /**
     * @return the school's children in the population (or every child, {@code targetsOnly} false), with the reasons; the
     *         registry is read in batches ({@link GuardianService#forEachFamily}: the parents' flags are all the rules
     *         need, so their contact fields stay masked and no read of theirs is audited)
     */
    List<Map<String, Object>> population(long school, boolean targetsOnly) {
        Map<Long, Household> households = store.read(sql -> store.households(sql, school));
        Map<Long, LocalDate> checked = store.read(sql -> store.lastChecked(sql, school));
        Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendance(sql, school));
        Map<Long, Integer> grades = new HashMap<>();
        for (SchoolClass sc : schools.classes(school)) {
            grades.put(sc.id(), sc.gradeLevel());
        }
        // each child is assessed as it comes (nothing of the school is kept but the rows), then the rows are put in the
        // order of the children by class, name and id
        List<Map<String, Object>> out = new ArrayList<>();
        java.util.function.Consumer<GuardianService.Family> assess = f -> {
            Child k = f.child();
            Population.Assessment a = Population.assess(k, households.get(k.id()), f.parents(),
                    k.classId() == null ? null : grades.get(k.classId()));
            if (targetsOnly && !a.inPopulation()) {
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("childId", k.id());
            row.put("name", k.name());
            row.put("gender", k.gender());
            row.put("classId", k.classId());
            row.put("gradeLevel", k.classId() == null ? null : grades.get(k.classId()));
            row.put("keyTarget", a.keyTarget());
            row.put("inPopulation", a.inPopulation());
            row.put("reasons", a.reasons());
            row.put("pubertyClassEligible", a.pubertyClassEligible());
            row.put("pubertyClassesAttended", puberty.getOrDefault(k.id(), 0));
            row.put("household", households.get(k.id()));
            row.put("lastChecked", checked.get(k.id()));
            out.add(row);
        };
        if (targetsOnly) {
            // only a surveyed 计生户 gives a reason (Population.assess): the other children need not be read
            List<Long> surveyed = households.values().stream().filter(Household::fpHousehold).map(Household::childId).toList();
            guardians.forEachFamily(ChildQuery.ofSchool(school), surveyed, assess);
        } else {
            guardians.forEachFamily(ChildQuery.ofSchool(school), assess);
        }
        out.sort(Comparator.comparing((Map<String, Object> r) -> (Long) r.get("classId"), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> (String) r.get("name")).thenComparing(r -> (Long) r.get("childId")));
        out.sort((x, y) -> Boolean.compare((Boolean) y.get("keyTarget"), (Boolean) x.get("keyTarget")) != 0
                ? Boolean.compare((Boolean) y.get("keyTarget"), (Boolean) x.get("keyTarget"))
                : Boolean.compare((Boolean) y.get("inPopulation"), (Boolean) x.get("inPopulation")));
        audit.record("READ", "health.population", String.valueOf(school), null, school, out.size() + " children");
        return out;
    }

    List<Map<String, Object>> report(long school) {
        return Collections.unmodifiableList(store.read(sql -> store.report(sql, school, calendar.today())));
    }

    /**
     * The report of every school the caller may act for and that enabled the programme (for the county office): the
     * rows of {@link #report(long)} with the school's id and name in front. Counts only.
     */
    List<Map<String, Object>> countyReport() {
        Caller caller = callers.current().orElseThrow(() -> new IllegalStateException("a county report is asked for by a caller"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (long id : store.read(store::campaignSchools)) {
            Optional<School> s = schools.school(id).filter(x -> !x.archived());
            if (s.isEmpty() || !caller.mayActFor(id) || !programmes.isEnabled(id, HealthProgramme.ID)) {
                continue;
            }
            for (Map<String, Object> row : report(id)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("schoolId", id);
                r.put("schoolName", s.get().name());
                r.putAll(row);
                out.add(r);
            }
        }
        return out;
    }

    String schoolName(long school) {
        return schools.school(school).map(School::name).orElse("");
    }
}
