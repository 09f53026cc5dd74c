package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 演示数据: for each demo school, the household survey (计生户 flags), this semester's check campaign with every class
 * measured except the last one (left for entering in the demo), a puberty class for grades 5–6, some 四个一, and the
 * follow-ups of the findings, part of them with the parents told, referred or closed and part overdue. Measurements
 * are drawn around the WHO medians with a fixed seed; every 9th child is made obese and every 11th stunted (by the
 * WS/T cut-offs), every 13th has high blood pressure, so the flags show. Entered through the parts the API uses
 * ({@link Campaigns}, {@link Checks}, {@link Households}, {@link PubertyClasses}, {@link FollowUpSteps}), as a user would.
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + HealthProgramme.ID)
public final class HealthDemo implements ProgrammeDemo {
    private final Lookups lookups;
    private final Campaigns campaigns;
    private final Checks checks;
    private final FollowUps followUps;
    private final FollowUpSteps steps;
    private final Households households;
    private final PubertyClasses pubertyClasses;
    private final Screening screening;
    private final SchoolService schools;
    private final CareCalendar calendar;

    @Activate
    public HealthDemo(@Reference Lookups lookups, @Reference Campaigns campaigns, @Reference Checks checks, @Reference FollowUps followUps,
            @Reference FollowUpSteps steps, @Reference Households households, @Reference PubertyClasses pubertyClasses,
            @Reference Screening screening, @Reference SchoolService schools, @Reference CareCalendar calendar) {
        this.lookups = lookups;
        this.campaigns = campaigns;
        this.checks = checks;
        this.followUps = followUps;
        this.steps = steps;
        this.households = households;
        this.pubertyClasses = pubertyClasses;
        this.screening = screening;
        this.schools = schools;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20260901L);
        LocalDate today = calendar.today();
        for (long school : schoolIds) {
            loadSchool(school, today, random);
        }
    }

    private void loadSchool(long school, LocalDate today, Random random) {
        LocalDate start = today.minusDays(21);
        String semester = Semesters.code(calendar.semester(today));
        Campaign campaign = campaigns.create(school, new Inputs.CampaignInput(semester, "本学期免费健康查体", start, today.plusDays(9), 7));
        List<SchoolClass> classes = schools.classes(school);
        References refs = screening.references();
        int n = 0;
        List<Long> older = new ArrayList<>();
        for (int ci = 0; ci < classes.size(); ci++) {
            SchoolClass sc = classes.get(ci);
            LocalDate measured = start.plusDays(ci % 5);
            for (Child k : lookups.schoolChildren(school, sc.id()).values()) {
                n++;
                household(school, k, random);
                if (sc.gradeLevel() >= 5) {
                    older.add(k.id());
                }
                if (ci == classes.size() - 1 || k.birthDate() == null || k.gender() == null) {
                    continue; // the last class is left for the demo's own entry
                }
                double years = Screening.ageYears(k.birthDate(), measured);
                double months = Screening.ageMonths(k.birthDate(), measured);
                String sex = k.gender() == Gender.MALE ? "male" : "female";
                References.Lms h = Screening.interpolate(refs.heightForAge.get(sex), months);
                References.Lms b = Screening.interpolate(refs.bmiForAge.get(sex), months);
                if (h == null || b == null || years < 6.0) {
                    continue;
                }
                double height = Screening.value(clamp(random.nextGaussian() * 0.9, 2.3), h.l(), h.m(), h.s());
                double bmi = Screening.value(clamp(random.nextGaussian() * 0.8 + 0.1, 1.6), b.l(), b.m(), b.s());
                if (n % 9 == 0) {
                    bmi = cut(refs.overweightObesity.get(sex), years, 1) + 1.5; // obese by WS/T 586
                } else if (n % 11 == 0) {
                    height = cut(refs.stunting.get(sex), years, 0) - 2.0; // stunted by WS/T 456
                }
                BigDecimal hc = BigDecimal.valueOf(height).setScale(1, RoundingMode.HALF_UP);
                BigDecimal wk = BigDecimal.valueOf(bmi * Math.pow(hc.doubleValue() / 100, 2)).setScale(1, RoundingMode.HALF_UP);
                int sbp = n % 13 == 0 ? 136 : 92 + random.nextInt(16);
                int dbp = n % 13 == 0 ? 88 : 55 + random.nextInt(14);
                List<Model.Measure> measures = List.of(
                        new Model.Measure("eyesight_left", BigDecimal.valueOf(4.6 + random.nextInt(8) / 10.0).min(BigDecimal.valueOf(5.3)), null, null),
                        new Model.Measure("eyesight_right", BigDecimal.valueOf(4.6 + random.nextInt(8) / 10.0).min(BigDecimal.valueOf(5.3)), null, null),
                        new Model.Measure("caries", BigDecimal.valueOf(random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(3)), null, null));
                checks.record(school, campaign.id(), k.id(), new Inputs.CheckInput(measured, hc, wk, BigDecimal.valueOf(sbp),
                        BigDecimal.valueOf(dbp), null, measures, null, true));
            }
        }
        progressFollowUps(school, random);
        if (!older.isEmpty()) {
            List<Inputs.Attendee> att = older.stream().map(id -> new Inputs.Attendee(id, random.nextInt(10) != 0)).toList();
            pubertyClasses.add(school, new Inputs.PubertyClassInput(semester, start.plusDays(3), "青春期生理变化与自我保护", "乡计生办 陈医生",
                    att));
        }
    }

    private static double clamp(double z, double max) {
        return Math.max(-max, Math.min(max, z));
    }

    /** @return the cut-off column of the half-year band holding the age */
    private static double cut(List<References.Band> bands, double years, int column) {
        References.Band found = bands.get(0);
        for (References.Band b : bands) {
            if (years >= b.ageYears()) {
                found = b;
            }
        }
        return found.values()[column];
    }

    private void household(long school, Child k, Random random) {
        boolean fp = random.nextInt(10) < 7;
        boolean one = fp && random.nextInt(10) < 3;
        boolean girls = fp && !one && k.gender() == Gender.FEMALE && random.nextInt(10) < 4;
        boolean two = girls && random.nextInt(10) < 3;
        boolean hardship = fp && random.nextInt(100) < 8;
        households.save(school, k.id(), new Inputs.HouseholdInput(fp, one, girls, two, hardship, hardship ? "母亲患重病" : null, 0L));
        if (fp && random.nextInt(3) == 0) {
            int kinds = 1 + random.nextInt(4);
            for (int i = 0; i < kinds; i++) {
                households.addFamilyService(school, k.id(), new Inputs.FamilyServiceInput(Households.FOUR_ONES.get(i),
                        calendar.today().minusDays(30 + random.nextInt(60)), null));
            }
        }
    }

    /** Two of three follow-ups get their notifications; of those, half are referred and a third closed. */
    private void progressFollowUps(long school, Random random) {
        int i = 0;
        for (FollowUp f : followUps.all(school)) {
            if (i++ % 3 == 2) {
                continue; // left overdue
            }
            LocalDate told = f.openedOn().plusDays(1 + random.nextInt(4));
            for (String who : f.requiredRecipients()) {
                steps.notify(school, f.id(), new Inputs.NotificationInput(who, null, told, who.equals("GUARDIAN") ? "VISIT" : "PHONE",
                        who.equals("GUARDIAN") ? "家访告知体检结果" : "电话告知体检结果，建议就医"));
            }
            if (i % 2 == 0) {
                FollowUp now = lookups.followUp(f.id(), school);
                steps.refer(school, f.id(), new Inputs.ReferralInput("乡镇卫生院", told.plusDays(2), now.version()));
                if (i % 3 == 0) {
                    now = lookups.followUp(f.id(), school);
                    steps.close(school, f.id(), new Inputs.CloseInput("UNDER_TREATMENT", "已在卫生院就诊，定期复查", told.plusDays(5), now.version()));
                }
            }
        }
    }
}
