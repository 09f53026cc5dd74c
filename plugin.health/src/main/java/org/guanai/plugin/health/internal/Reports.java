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
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
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
    private final ChildService children;
    private final GuardianService guardians;
    private final CallerContext callers;
    private final ProgrammeRegistry programmes;
    private final AuditTrail audit;
    private final CareCalendar calendar;

    @Activate
    public Reports(@Reference HealthStore store, @Reference SchoolService schools, @Reference ChildService children,
            @Reference GuardianService guardians, @Reference CallerContext callers, @Reference ProgrammeRegistry programmes,
            @Reference AuditTrail audit, @Reference CareCalendar calendar) {
        this.store = store;
        this.schools = schools;
        this.children = children;
        this.guardians = guardians;
        this.callers = callers;
        this.programmes = programmes;
        this.audit = audit;
        this.calendar = calendar;
    }

    /**
     * @return the school's children in the population (or every child, {@code targetsOnly} false), with the reasons; the
     *         registry is read in batches ({@link GuardianService#forEachFamily}: the parents' flags are all the rules
     *         need, so their contact fields stay masked and no read of theirs is audited); only the children of a surveyed
     *         计生户 are read with their parents, the only ones whose reasons depend on them
     */
    List<PopulationRow> population(long school, boolean targetsOnly) {
        Map<Long, Household> households = store.read(sql -> store.households(sql, school));
        Map<Long, LocalDate> checked = store.read(sql -> store.lastChecked(sql, school));
        Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendance(sql, school));
        Map<Long, Integer> grades = new HashMap<>();
        for (SchoolClass sc : schools.classes(school)) {
            grades.put(sc.id(), sc.gradeLevel());
        }
        // each child is assessed as it comes (nothing of the school is kept but the rows), then the rows are put in the
        // order of the children by class, name and id
        List<PopulationRow> out = new ArrayList<>();
        java.util.function.Consumer<GuardianService.Family> assess = f -> {
            Child k = f.child();
            Integer grade = k.classId() == null ? null : grades.get(k.classId());
            Population.Assessment a = Population.assess(k, households.get(k.id()), f.parents(), grade);
            if (targetsOnly && !a.inPopulation()) {
                return;
            }
            out.add(new PopulationRow(k.id(), k.name(), k.gender(), k.classId(), grade, a.keyTarget(), a.inPopulation(), a.reasons(),
                    a.pubertyClassEligible(), puberty.getOrDefault(k.id(), 0), households.get(k.id()), checked.get(k.id())));
        };
        // only a surveyed 计生户 gives a reason (Population.assess): the other children need not be read for the population,
        // and for every child ({@code scope=all}) without their parents (a school of 50,000: two statements a batch less)
        List<Long> surveyed = households.values().stream().filter(Household::fpHousehold).map(Household::childId).toList();
        guardians.forEachFamily(ChildQuery.ofSchool(school), surveyed, assess);
        if (!targetsOnly) {
            java.util.Set<Long> read = new java.util.HashSet<>(surveyed);
            children.forEach(ChildQuery.ofSchool(school), k -> {
                if (!read.contains(k.id())) {
                    assess.accept(new GuardianService.Family(k, List.of(), List.of()));
                }
            });
        }
        // key targets first, then the rest of the population, then the others; each part by class, name and id
        out.sort(Comparator.comparing(PopulationRow::keyTarget).reversed().thenComparing(Comparator.comparing(PopulationRow::inPopulation)
                .reversed()).thenComparing(PopulationRow::classId, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(PopulationRow::name).thenComparingLong(PopulationRow::childId));
        audit.record("READ", "health.population", String.valueOf(school), null, school, out.size() + " children");
        return out;
    }

    /**
     * A child of the population list (the JSON fields of {@code GET population}); a record, not a map, so that a school's
     * list of every child ({@code scope=all}) stays small.
     */
    record PopulationRow(long childId, String name, Gender gender, Long classId, Integer gradeLevel, boolean keyTarget,
            boolean inPopulation, List<String> reasons, boolean pubertyClassEligible, int pubertyClassesAttended, Household household,
            LocalDate lastChecked) {
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
