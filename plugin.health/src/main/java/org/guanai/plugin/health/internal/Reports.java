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
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Parent;
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
        List<PopulationRow> out = population(school, targetsOnly, null, true);
        audit.record("READ", "health.population", String.valueOf(school), null, school, out.size() + " children");
        return out;
    }

    /**
     * {@link #population(long, boolean)} of the whole school or one class ({@code classId} not null), not audited; without
     * {@code activity} the rows' last check and puberty classes are left out (for a page, {@link #withActivity})
     */
    private List<PopulationRow> population(long school, boolean targetsOnly, Long classId, boolean activity) {
        ChildQuery query = ChildQuery.ofSchool(school).toBuilder().classId(classId).build();
        Map<Long, Household> households = store.read(sql -> store.households(sql, school));
        Map<Long, LocalDate> checked = activity ? store.read(sql -> store.lastChecked(sql, school)) : Map.of();
        Map<Long, Integer> puberty = activity ? store.read(sql -> store.pubertyAttendance(sql, school)) : Map.of();
        Map<Long, Integer> grades = grades(school);
        // each child is assessed as it comes (nothing of the school is kept but the rows), then the rows are put in the
        // order of the children by class, name and id
        List<PopulationRow> out = new ArrayList<>();
        java.util.function.Consumer<GuardianService.Family> assess = f -> {
            PopulationRow row = row(f, households, checked, puberty, grades);
            if (!targetsOnly || row.inPopulation()) {
                out.add(row);
            }
        };
        // only a surveyed 计生户 gives a reason (Population.assess): the other children need not be read for the population,
        // and for every child ({@code scope=all}) without their parents (a school of 50,000: two statements a batch less)
        List<Long> surveyed = households.values().stream().filter(Household::fpHousehold).map(Household::childId).toList();
        guardians.forEachFamily(query, surveyed, assess);
        if (!targetsOnly) {
            java.util.Set<Long> read = new java.util.HashSet<>(surveyed);
            children.forEach(query, k -> {
                if (!read.contains(k.id())) {
                    assess.accept(new GuardianService.Family(k, List.of(), List.of()));
                }
            });
        }
        // key targets first, then the rest of the population, then the others; each part by class, name and id
        out.sort(Comparator.comparing(PopulationRow::keyTarget).reversed().thenComparing(Comparator.comparing(PopulationRow::inPopulation)
                .reversed()).thenComparing(PopulationRow::classId, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(PopulationRow::name).thenComparingLong(PopulationRow::childId));
        return out;
    }

    /**
     * One page of the population (audited). The population ({@code targetsOnly}) is that of
     * {@link #population(long, boolean)} cut into pages: its candidates are the children of the school's surveyed
     * 计生户 (this programme's table), so the work is that of the surveyed households, not of the school. Every child
     * ({@code targetsOnly} false) is a page of the registry's list ({@link ChildService#find}: by class, name and id), only
     * the page's children assessed and read (their households, checks and puberty classes by id, the surveyed ones with
     * their parents).
     *
     * @param classId only the children of this class, or {@code null}
     */
    Page<PopulationRow> population(long school, boolean targetsOnly, Long classId, int page, int size) {
        Page<PopulationRow> out;
        if (targetsOnly) {
            List<PopulationRow> all = population(school, true, classId, false);
            int from = (int) Math.min(all.size(), (long) page * size);
            out = new Page<>(withActivity(school, all.subList(from, Math.min(all.size(), from + size))), all.size(), page, size);
        } else {
            Page<Child> kids = children.find(ChildQuery.builder().schoolId(school).classId(classId).page(page).size(size).build());
            List<Long> ids = kids.items().stream().map(Child::id).toList();
            Map<Long, Household> households = store.read(sql -> store.householdsOf(sql, school, ids));
            Map<Long, LocalDate> checked = store.read(sql -> store.lastCheckedOf(sql, school, ids));
            Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendanceOf(sql, school, ids));
            Map<Long, Integer> grades = grades(school);
            List<Long> surveyed = households.values().stream().filter(Household::fpHousehold).map(Household::childId).toList();
            Map<Long, List<Parent>> parents = new HashMap<>();
            if (!surveyed.isEmpty()) {
                guardians.forEachFamily(ChildQuery.ofSchool(school), surveyed, f -> parents.put(f.child().id(), f.parents()));
            }
            List<PopulationRow> rows = new ArrayList<>();
            for (Child k : kids.items()) {
                rows.add(row(new GuardianService.Family(k, parents.getOrDefault(k.id(), List.of()), List.of()), households, checked, puberty,
                        grades));
            }
            out = new Page<>(rows, kids.total(), page, size);
        }
        audit.record("READ", "health.population", String.valueOf(school), null, school, out.items().size() + " children");
        return out;
    }

    /** @return the rows with their children's last check and puberty classes, read for these children only */
    private List<PopulationRow> withActivity(long school, List<PopulationRow> rows) {
        List<Long> ids = rows.stream().map(PopulationRow::childId).toList();
        Map<Long, LocalDate> checked = store.read(sql -> store.lastCheckedOf(sql, school, ids));
        Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendanceOf(sql, school, ids));
        return rows.stream().map(r -> new PopulationRow(r.childId(), r.name(), r.gender(), r.classId(), r.gradeLevel(), r.keyTarget(),
                r.inPopulation(), r.reasons(), r.pubertyClassEligible(), puberty.getOrDefault(r.childId(), 0), r.household(),
                checked.get(r.childId()))).toList();
    }

    private Map<Long, Integer> grades(long school) {
        Map<Long, Integer> grades = new HashMap<>();
        for (SchoolClass sc : schools.classes(school)) {
            grades.put(sc.id(), sc.gradeLevel());
        }
        return grades;
    }

    private static PopulationRow row(GuardianService.Family f, Map<Long, Household> households, Map<Long, LocalDate> checked,
            Map<Long, Integer> puberty, Map<Long, Integer> grades) {
        Child k = f.child();
        Integer grade = k.classId() == null ? null : grades.get(k.classId());
        Population.Assessment a = Population.assess(k, households.get(k.id()), f.parents(), grade);
        return new PopulationRow(k.id(), k.name(), k.gender(), k.classId(), grade, a.keyTarget(), a.inPopulation(), a.reasons(),
                a.pubertyClassEligible(), puberty.getOrDefault(k.id(), 0), households.get(k.id()), checked.get(k.id()));
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
