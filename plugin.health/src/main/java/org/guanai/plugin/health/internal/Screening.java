package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.Gender;
import org.osgi.service.component.annotations.Component;

/**
 * 筛查: the screening computed on each health check (体检), against the reference tables of {@link References}.
 * <ul>
 * <li>BMI = weight / height², kg/m².</li>
 * <li>超重与肥胖 by WS/T 586-2018: the exact BMI (not rounded: 17.645 is below a cut-off of 17.7) ≥ the band's cut-off;
 * half-year bands from 6.0 to 18.0 years, a band [x, x+0.5) by exact age (实足年龄).</li>
 * <li>消瘦 and 生长迟缓 by WS/T 456-2014: the exact BMI ≤ the moderate/severe cut-off, else ≤ the mild range's upper end
 * (the table's 0.1 steps leave no gap then); height ≤ the stunting cut-off; bands 6.0 to 17.5 (the 17.5 band reaches
 * 18.0).</li>
 * <li>WHO 2007 BMI-for-age (restricted LMS beyond ±3 SD) and height-for-age (plain LMS) z-scores, L, M and S
 * interpolated linearly between whole months; ages 61–228 months; |z BMI| &gt; 5 or |z HFA| &gt; 6 is implausible.</li>
 * <li>血压偏高 by WS/T 610-2018: systolic or diastolic ≥ the P95 of the sex, whole-year age and height group (7–17
 * years; from 18 the adult 140/90). The P95 data is provisional (one unverified source), and marked so.</li>
 * </ul>
 * Ages outside 5–19 years get no classification: one {@code AGE} result says so and flags the check.
 * <p>
 * One instance, with the reference tables loaded once, serves every part of the programme (a component).
 */
@Component(service = Screening.class)
public final class Screening {
    /** Days per month in the WHO tables' age in months (365.25 / 12). */
    static final double DAYS_PER_MONTH = 30.4375;

    /** Finding types that open a follow-up (随访). */
    static final String OBESITY = "OBESITY";
    static final String STUNTING = "STUNTING";
    static final String WASTING = "WASTING";
    static final String HIGH_BP = "HIGH_BP";
    /** Every finding type, in the order reports show them. */
    static final List<String> FINDINGS = List.of(OBESITY, STUNTING, WASTING, HIGH_BP);

    /**
     * One indicator's result.
     *
     * @param indicator        WST586, WST456_WASTING, WST456_STUNTING, WHO_BFA, WHO_HFA, WST610_BP or AGE
     * @param value            the compared value (BMI, z-score, mmHg …), or {@code null}
     * @param category         e.g. NORMAL, OVERWEIGHT, OBESITY, STUNTED, HIGH, NOT_APPLICABLE, AGE_OUT_OF_RANGE
     * @param flagged          shown as a flag on the sheet
     * @param finding          the follow-up type this result opens (OBESITY, STUNTING, WASTING, HIGH_BP), or {@code null}
     * @param referenceId      the reference it was computed with
     * @param referenceVersion the reference's version (edition and data hash)
     * @param provisional      the reference data is provisional
     * @param detail           the cut-off(s) used, for display
     */
    record Result(String indicator, BigDecimal value, String category, boolean flagged, String finding, String referenceId,
            String referenceVersion, boolean provisional, String detail) {
    }

    /** The whole screening of one check. */
    record Outcome(BigDecimal bmi, double ageYears, double ageMonths, List<Result> results) {
        List<String> findings() {
            return results.stream().map(Result::finding).filter(f -> f != null).distinct().toList();
        }

        boolean flagged() {
            return results.stream().anyMatch(Result::flagged);
        }

        Result get(String indicator) {
            return results.stream().filter(r -> r.indicator().equals(indicator)).findFirst().orElse(null);
        }
    }

    private final References refs;

    /** With the tables shipped in this bundle. */
    public Screening() {
        this(new References());
    }

    Screening(References refs) {
        this.refs = refs;
    }

    References references() {
        return refs;
    }

    /** @return exact age in years (实足年龄) at the measurement */
    static double ageYears(LocalDate birth, LocalDate measured) {
        long months = ChronoUnit.MONTHS.between(birth, measured);
        LocalDate anniversary = birth.plusMonths(months);
        double fraction = ChronoUnit.DAYS.between(anniversary, measured) / (double) ChronoUnit.DAYS.between(anniversary, anniversary.plusMonths(1));
        return (months + fraction) / 12.0;
    }

    /** @return age in months as the WHO tables count it: days / 30.4375 */
    static double ageMonths(LocalDate birth, LocalDate measured) {
        return ChronoUnit.DAYS.between(birth, measured) / DAYS_PER_MONTH;
    }

    static BigDecimal bmi(double heightCm, double weightKg) {
        double m = heightCm / 100.0;
        return BigDecimal.valueOf(weightKg / (m * m)).setScale(2, RoundingMode.HALF_UP);
    }

    Outcome screen(Gender gender, LocalDate birth, LocalDate measured, double heightCm, double weightKg, Integer sbp, Integer dbp) {
        String sex = gender == Gender.MALE ? "male" : "female";
        double years = ageYears(birth, measured);
        double months = ageMonths(birth, measured);
        BigDecimal bmi = bmi(heightCm, weightKg);
        double exactBmi = weightKg / Math.pow(heightCm / 100.0, 2);
        List<Result> out = new ArrayList<>();
        if (years < 5.0 || years >= 19.0) {
            out.add(new Result("AGE", dec(years, 2), "AGE_OUT_OF_RANGE", true, null, "WHO 2007 / WS/T", "5-19", false,
                    "age " + dec(years, 2) + " y outside 5–19 y"));
            return new Outcome(bmi, years, months, out);
        }
        out.add(overweight(sex, years, exactBmi));
        out.add(wasting(sex, years, exactBmi));
        out.add(stunting(sex, years, heightCm));
        out.add(whoBmi(sex, months, exactBmi));
        out.add(whoHeight(sex, months, heightCm));
        if (sbp != null && dbp != null) {
            out.add(bloodPressure(sex, years, heightCm, sbp, dbp));
        }
        return new Outcome(bmi, years, months, out);
    }

    /** @return the band whose [lower, lower + 0.5) holds the age, the last band up to {@code lastTo}; or null */
    private static References.Band band(List<References.Band> bands, double years, double lastTo) {
        References.Band found = null;
        for (References.Band b : bands) {
            if (years + 1e-9 >= b.ageYears()) {
                found = b;
            }
        }
        if (found == null) {
            return null;
        }
        double upper = found == bands.get(bands.size() - 1) ? lastTo : found.ageYears() + 0.5;
        return years < upper ? found : null;
    }

    /** @param bmi the exact BMI, classified unrounded */
    Result overweight(String sex, double years, double bmi) {
        References.Ref ref = refs.wst586;
        // the 18.0 band holds the adult cut-offs (24/28); it applies up to the end of the WHO range (19)
        References.Band b = band(refs.overweightObesity.get(sex), years, 19.0);
        if (b == null) {
            return na("WST586", ref, "WS/T 586 covers 6.0–18 y");
        }
        double ow = b.values()[0];
        double ob = b.values()[1];
        String cat = bmi >= ob ? "OBESITY" : bmi >= ow ? "OVERWEIGHT" : "NORMAL";
        return graded("WST586", ref, dec(bmi, 2), cat, cat.equals("OBESITY") ? OBESITY : null,
                "band " + b.ageYears() + ": overweight ≥ " + ow + ", obesity ≥ " + ob);
    }

    /** @param bmi the exact BMI, classified unrounded */
    Result wasting(String sex, double years, double bmi) {
        References.Ref ref = refs.wst456Bmi;
        References.Band b = band(refs.wasting.get(sex), years, 18.0);
        if (b == null) {
            return na("WST456_WASTING", ref, "WS/T 456 covers 6.0–18 y");
        }
        double severe = b.values()[0];
        double mildMax = b.values()[2];
        String cat = bmi <= severe ? "MODERATE_SEVERE" : bmi <= mildMax ? "MILD" : "NORMAL";
        return graded("WST456_WASTING", ref, dec(bmi, 2), cat, cat.equals("MODERATE_SEVERE") ? WASTING : null,
                "band " + b.ageYears() + ": moderate/severe ≤ " + severe + ", mild ≤ " + mildMax);
    }

    Result stunting(String sex, double years, double heightCm) {
        References.Ref ref = refs.wst456Height;
        References.Band b = band(refs.stunting.get(sex), years, 18.0);
        if (b == null) {
            return na("WST456_STUNTING", ref, "WS/T 456 covers 6.0–18 y");
        }
        double cut = b.values()[0];
        boolean stunted = heightCm <= cut;
        return graded("WST456_STUNTING", ref, dec(heightCm, 1), stunted ? "STUNTED" : "NORMAL", stunted ? STUNTING : null,
                "band " + b.ageYears() + ": stunted ≤ " + cut + " cm");
    }

    Result whoBmi(String sex, double months, double bmi) {
        References.Ref ref = refs.whoBfa;
        References.Lms lms = interpolate(refs.bmiForAge.get(sex), months);
        if (lms == null) {
            return na("WHO_BFA", ref, "WHO 2007 covers 61–228 months");
        }
        double z = zRestricted(bmi, lms.l(), lms.m(), lms.s());
        String cat = Math.abs(z) > 5 ? "IMPLAUSIBLE" : z < -3 ? "SEVERE_THINNESS" : z < -2 ? "THINNESS" : z > 2 ? "OBESITY"
                : z > 1 ? "OVERWEIGHT" : "NORMAL";
        return graded("WHO_BFA", ref, dec(z, 2), cat, null, String.format("L=%.4f M=%.4f S=%.5f", lms.l(), lms.m(), lms.s()));
    }

    Result whoHeight(String sex, double months, double heightCm) {
        References.Ref ref = refs.whoHfa;
        References.Lms lms = interpolate(refs.heightForAge.get(sex), months);
        if (lms == null) {
            return na("WHO_HFA", ref, "WHO 2007 covers 61–228 months");
        }
        double z = z(heightCm, lms.l(), lms.m(), lms.s());
        String cat = Math.abs(z) > 6 ? "IMPLAUSIBLE" : z < -3 ? "SEVERELY_STUNTED" : z < -2 ? "STUNTED" : "NORMAL";
        return graded("WHO_HFA", ref, dec(z, 2), cat, null, String.format("L=%.4f M=%.4f S=%.5f", lms.l(), lms.m(), lms.s()));
    }

    Result bloodPressure(String sex, double years, double heightCm, int sbp, int dbp) {
        References.Ref ref = refs.wst610;
        int age = (int) Math.floor(years);
        int sCut;
        int dCut;
        String detail;
        if (age >= 18) {
            sCut = 140;
            dCut = 90;
            detail = "adult cut-off 140/90";
        } else {
            References.HeightPercentiles p = refs.heightPercentiles.getOrDefault(sex, java.util.Map.of()).get(age);
            if (p == null) {
                return na("WST610_BP", ref, "WS/T 610 covers 7–17 y");
            }
            String group = heightCm < p.p5() ? "LT_P5" : heightCm < p.p10() ? "P5" : heightCm < p.p25() ? "P10"
                    : heightCm < p.p50() ? "P25" : heightCm < p.p75() ? "P50" : heightCm < p.p90() ? "P75"
                    : heightCm < p.p95() ? "P90" : "P95";
            References.BpCut cut = refs.bp.get(sex + "/" + age + "/" + group);
            if (cut == null) {
                return na("WST610_BP", ref, "no P95 for " + sex + " " + age + " " + group);
            }
            sCut = cut.sbpP95();
            dCut = cut.dbpP95();
            detail = "age " + age + ", height group " + group + ": P95 " + sCut + "/" + dCut + " (provisional data)";
        }
        boolean high = sbp >= sCut || dbp >= dCut;
        return new Result("WST610_BP", null, high ? "HIGH" : "NORMAL", high, high ? HIGH_BP : null, ref.id(), ref.version(),
                ref.provisional(), detail);
    }

    /** @return the result of an indicator graded by a final (not provisional) reference: flagged unless {@code NORMAL} */
    private static Result graded(String indicator, References.Ref ref, BigDecimal value, String category, String finding, String detail) {
        return new Result(indicator, value, category, !category.equals("NORMAL"), finding, ref.id(), ref.version(), false, detail);
    }

    private static Result na(String indicator, References.Ref ref, String why) {
        return new Result(indicator, null, "NOT_APPLICABLE", false, null, ref.id(), ref.version(), ref.provisional(), why);
    }

    /** @return L, M, S at a fractional month, linear between whole months; null outside the table */
    static References.Lms interpolate(List<References.Lms> table, double months) {
        int first = table.get(0).month();
        int last = table.get(table.size() - 1).month();
        if (months < first - 1e-9 || months > last + 1e-9) {
            return null;
        }
        int lo = Math.min((int) Math.floor(months + 1e-9), last);
        References.Lms a = table.get(lo - first);
        if (lo == last || Math.abs(months - lo) < 1e-9) {
            return a;
        }
        References.Lms b = table.get(lo + 1 - first);
        double f = months - lo;
        return new References.Lms(lo, a.l() + f * (b.l() - a.l()), a.m() + f * (b.m() - a.m()), a.s() + f * (b.s() - a.s()));
    }

    /** The LMS z-score. */
    static double z(double y, double l, double m, double s) {
        return Math.abs(l) < 1e-12 ? Math.log(y / m) / s : (Math.pow(y / m, l) - 1) / (l * s);
    }

    /** @return the value at z from L, M, S */
    static double value(double z, double l, double m, double s) {
        return Math.abs(l) < 1e-12 ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
    }

    /** WHO's restricted LMS (anthro {@code compute_zscore_adjusted}): linear beyond ±3 SD, by the 2–3 SD distance. */
    static double zRestricted(double y, double l, double m, double s) {
        double z = z(y, l, m, s);
        if (z > 3) {
            double sd3 = value(3, l, m, s);
            double sd23 = sd3 - value(2, l, m, s);
            return 3 + (y - sd3) / sd23;
        }
        if (z < -3) {
            double sd3 = value(-3, l, m, s);
            double sd23 = value(-2, l, m, s) - sd3;
            return -3 + (y - sd3) / sd23;
        }
        return z;
    }

    private static BigDecimal dec(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
    }
}
