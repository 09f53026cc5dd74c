package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
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
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's rules: campaigns, checks with plausibility checks and screening, follow-ups, 四个一, puberty classes
 * and the population. Every method acts for a school the core has already checked the caller may act for; children are
 * looked up through {@link ChildService}, which limits them to the caller's reach, and must belong to that school.
 * Changes and full reads of health records are written to the {@link AuditTrail}; changes are posted as events on
 * {@code org/guanai/programmes/health/...} after they are committed.
 */
@Component(service = HealthService.class)
public final class HealthService {
    private final HealthStore store;
    private final HealthWrites writes;
    private final HealthEvents events;
    private final Lookups lookups;
    private final Screening screening;
    private final ChildService children;
    private final GuardianService guardians;
    private final SchoolService schools;
    private final CallerContext callers;
    private final AuditTrail audit;
    private final ProgrammeRegistry programmes;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public HealthService(@Reference HealthStore store, @Reference ChildService children, @Reference GuardianService guardians,
            @Reference SchoolService schools, @Reference CallerContext callers, @Reference AuditTrail audit,
            @Reference ProgrammeRegistry programmes, @Reference Texts texts, @Reference CareCalendar calendar,
            @Reference Screening screening, @Reference HealthWrites writes, @Reference HealthEvents events, @Reference Lookups lookups) {
        this.writes = writes;
        this.events = events;
        this.lookups = lookups;
        this.programmes = programmes;
        this.texts = texts;
        this.calendar = calendar;
        this.store = store;
        this.screening = screening;
        this.children = children;
        this.guardians = guardians;
        this.schools = schools;
        this.callers = callers;
        this.audit = audit;
    }

    Screening screening() {
        return screening;
    }

    /** @return today in China, from the platform's calendar */
    LocalDate today() {
        return calendar.today();
    }

    Texts texts() {
        return texts;
    }

    // ---------------------------------------------------------------- lookups

    List<Campaign> campaigns(long school) {
        return store.read(sql -> store.campaigns(sql, school));
    }

    // ---------------------------------------------------------------- campaigns

    Campaign createCampaign(long school, Inputs.CampaignInput in) {
        FieldErrors e = texts.errors();
        Optional<Semester> semester = Semesters.of(calendar, in.semester());
        if (semester.isEmpty()) {
            e.add("semester", "semester");
        }
        String title = in.title();
        if (title == null || title.isBlank() || title.length() > 100) {
            e.add("title", "title");
        }
        LocalDate startsOn = in.startsOn();
        LocalDate endsOn = in.endsOn();
        if (startsOn == null) {
            e.add("startsOn", "date");
        }
        if (endsOn == null) {
            e.add("endsOn", "date");
        } else if (startsOn != null && (endsOn.isBefore(startsOn) || endsOn.isAfter(startsOn.plusDays(200)))) {
            e.add("endsOn", "endsOn");
        }
        int days = in.notifyWithinDays() == null ? 7 : in.notifyWithinDays();
        if (days < 1 || days > 60) {
            e.add("notifyWithinDays", "notifyDays");
        }
        e.throwIfAny();
        Campaign k = writes.write(sql -> store.createCampaign(sql, new Campaign(null, school, Semesters.code(semester.get()), title.strip(), startsOn, endsOn,
                days, writes.user(), null)));
        audit.record("CREATE", "health.campaign", String.valueOf(k.id()), null, school, k.semester());
        return k;
    }

    // ---------------------------------------------------------------- class sheets

    /** The entry sheet of a class: every child with its check in the campaign (or none yet). */
    Map<String, Object> sheet(long school, long campaignId, long classId) {
        Campaign k = lookups.campaign(campaignId, school);
        SchoolClass sc = schools.schoolClass(classId).filter(x -> x.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("class", classId));
        Map<Long, Child> kids = lookups.schoolChildren(school, classId);
        Caller caller = callers.current().orElseThrow();
        if (!caller.maySee(school, classId)) {
            throw new NotFoundException("class", classId);
        }
        Map<Long, Check> checks = new HashMap<>();
        for (Check c : store.read(sql -> store.checks(sql, campaignId, classId))) {
            checks.put(c.childId(), c);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Child c : kids.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("childId", c.id());
            row.put("name", c.name());
            row.put("gender", c.gender());
            row.put("birthDate", c.birthDate());
            row.put("check", checks.get(c.id()));
            rows.add(row);
        }
        audit.record("READ", "health.sheet", campaignId + "/" + classId, null, school, rows.size() + " children");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", k);
        out.put("class", sc);
        out.put("rows", rows);
        return out;
    }

    // ---------------------------------------------------------------- the archive

    /** 健康档案: a child's checks, screening, follow-ups, 四个一 and puberty classes, with the growth chart's curves. */
    Map<String, Object> archive(long school, long childId) {
        Child child = lookups.child(childId, school);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", child.id());
        who.put("name", child.name());
        who.put("gender", child.gender());
        who.put("birthDate", child.birthDate());
        who.put("classId", child.classId());
        who.put("className", child.classId() == null ? null : schools.schoolClass(child.classId()).map(SchoolClass::name).orElse(null));
        who.put("gradeLevel", child.classId() == null ? null : schools.schoolClass(child.classId()).map(SchoolClass::gradeLevel).orElse(null));
        who.put("leftBehindType", child.leftBehindType());
        out.put("child", who);
        List<Check> checks = store.read(sql -> store.childChecks(sql, childId));
        out.put("checks", checks);
        out.put("followUps", store.read(sql -> store.followUps(sql, school, childId, "all", today())));
        out.put("household", store.read(sql -> store.household(sql, childId)).orElse(null));
        List<FamilyService> services = store.read(sql -> store.familyServices(sql, school, childId));
        out.put("familyServices", services);
        out.put("fourOnes", fourOnes(services));
        out.put("pubertyClasses", store.read(sql -> store.pubertyAttendance(sql, school)).getOrDefault(childId, 0));
        out.put("growth", child.birthDate() == null || child.gender() == null ? null : growth(child, checks));
        audit.record("READ", "health.archive", String.valueOf(childId), childId, school, checks.size() + " checks");
        return out;
    }

    static Map<String, LocalDate> fourOnes(List<FamilyService> services) {
        Map<String, LocalDate> out = new LinkedHashMap<>();
        for (String k : Households.FOUR_ONES) {
            out.put(k, services.stream().filter(s -> s.kind().equals(k)).map(FamilyService::deliveredOn).max(LocalDate::compareTo)
                    .orElse(null));
        }
        return out;
    }

    /**
     * The growth chart's data: the child's height and BMI by age in months, and the WHO 2007 −2…+2 SD curves and the WS/T
     * 586 overweight/obesity cut-offs over the ages around the measurements.
     */
    Map<String, Object> growth(Child child, List<Check> checks) {
        String sex = child.gender() == Gender.MALE ? "male" : "female";
        int from = 61;
        int to = 228;
        if (!checks.isEmpty()) {
            from = Math.max(61, (int) checks.get(0).ageMonths().doubleValue() - 24);
            to = Math.min(228, (int) checks.get(checks.size() - 1).ageMonths().doubleValue() + 24);
        } else {
            int now = (int) Screening.ageMonths(child.birthDate(), today());
            from = Math.max(61, now - 24);
            to = Math.min(228, Math.max(from + 12, now + 24));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> points = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ageMonths", c.ageMonths());
            p.put("measuredOn", c.measuredOn());
            p.put("heightCm", c.heightCm());
            p.put("weightKg", c.weightKg());
            p.put("bmi", c.bmi());
            points.add(p);
        }
        out.put("points", points);
        References refs = screening.references();
        out.put("bmiCurves", curves(refs.bmiForAge.get(sex), from, to));
        out.put("heightCurves", curves(refs.heightForAge.get(sex), from, to));
        List<Object[]> cut = new ArrayList<>();
        for (References.Band b : refs.overweightObesity.get(sex)) {
            double m = b.ageYears() * 12;
            if (m + 6 >= from && m <= to) {
                cut.add(new Object[] { m, b.values()[0], b.values()[1] });
            }
        }
        out.put("wst586", cut);
        out.put("references", List.of(refs.whoBfa, refs.whoHfa, refs.wst586));
        return out;
    }

    private static Map<String, List<double[]>> curves(List<References.Lms> table, int from, int to) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (int sd = -2; sd <= 2; sd++) {
            List<double[]> line = new ArrayList<>();
            for (References.Lms l : table) {
                if (l.month() >= from && l.month() <= to && (l.month() - from) % 3 == 0 || l.month() == to) {
                    if (l.month() >= from && l.month() <= to) {
                        line.add(new double[] { l.month(), Math.round(Screening.value(sd, l.l(), l.m(), l.s()) * 100) / 100.0 });
                    }
                }
            }
            out.put(sd == 0 ? "median" : (sd > 0 ? "+" : "") + sd + "SD", line);
        }
        return out;
    }

    // ---------------------------------------------------------------- population and reports

    List<Map<String, Object>> population(long school, boolean targetsOnly) {
        Map<Long, Child> kids = lookups.schoolChildren(school, null);
        Map<Long, Household> households = store.read(sql -> store.households(sql, school));
        Map<Long, LocalDate> checked = store.read(sql -> store.lastChecked(sql, school));
        Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendance(sql, school));
        Map<Long, Integer> grades = new HashMap<>();
        for (SchoolClass sc : schools.classes(school)) {
            grades.put(sc.id(), sc.gradeLevel());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Child k : kids.values()) {
            List<Parent> parents = guardians.parents(k.id());
            Population.Assessment a = Population.assess(k, households.get(k.id()), parents,
                    k.classId() == null ? null : grades.get(k.classId()));
            if (targetsOnly && !a.inPopulation()) {
                continue;
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
        }
        out.sort((x, y) -> Boolean.compare((Boolean) y.get("keyTarget"), (Boolean) x.get("keyTarget")) != 0
                ? Boolean.compare((Boolean) y.get("keyTarget"), (Boolean) x.get("keyTarget"))
                : Boolean.compare((Boolean) y.get("inPopulation"), (Boolean) x.get("inPopulation")));
        audit.record("READ", "health.population", String.valueOf(school), null, school, out.size() + " children");
        return out;
    }

    List<Map<String, Object>> report(long school) {
        return Collections.unmodifiableList(store.read(sql -> store.report(sql, school, today())));
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
