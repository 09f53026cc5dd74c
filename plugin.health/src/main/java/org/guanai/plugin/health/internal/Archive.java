package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 健康档案: a child's checks with their screening, follow-ups, household, 四个一 and puberty classes, and the growth
 * chart's data (the child's measurements against the WHO 2007 curves and the WS/T 586 cut-offs). Each read is audited.
 */
@Component(service = Archive.class)
public final class Archive {
    private final HealthStore store;
    private final Lookups lookups;
    private final Screening screening;
    private final SchoolService schools;
    private final AuditTrail audit;
    private final CareCalendar calendar;

    @Activate
    public Archive(@Reference HealthStore store, @Reference Lookups lookups, @Reference Screening screening, @Reference SchoolService schools,
            @Reference AuditTrail audit, @Reference CareCalendar calendar) {
        this.store = store;
        this.lookups = lookups;
        this.screening = screening;
        this.schools = schools;
        this.audit = audit;
        this.calendar = calendar;
    }

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
        out.put("followUps", store.read(sql -> store.followUps(sql, school, childId, "all", calendar.today())));
        out.put("household", store.read(sql -> store.household(sql, childId)).orElse(null));
        List<FamilyService> services = store.read(sql -> store.familyServices(sql, school, childId));
        out.put("familyServices", services);
        out.put("fourOnes", fourOnes(services));
        out.put("pubertyClasses", store.read(sql -> store.pubertyAttendance(sql, school)).getOrDefault(childId, 0));
        out.put("growth", child.birthDate() == null || child.gender() == null ? null : growth(child, checks));
        audit.record("READ", "health.archive", String.valueOf(childId), childId, school, checks.size() + " checks");
        return out;
    }

    /** @return each of the 四个一 with the day it was last delivered, or {@code null} */
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
            int now = (int) Screening.ageMonths(child.birthDate(), calendar.today());
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
}
