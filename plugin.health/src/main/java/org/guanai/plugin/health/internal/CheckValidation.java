package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.Measure;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;

/**
 * The plausibility rules a check is held to (README "Plausibility"): values refused with {@code 400} and the field, and
 * values kept only when the request confirms them ({@code "error":"confirm"}).
 */
final class CheckValidation {
    static final Pattern MEASURE_CODE = Pattern.compile("[a-z][a-z0-9_]{1,39}");

    /** Known further measures: unit and plausible range. */
    record MeasureRule(String unit, double min, double max) {
    }

    static final Map<String, MeasureRule> MEASURES = Map.of(
            "eyesight_left", new MeasureRule("5分记录", 3.0, 5.3),
            "eyesight_right", new MeasureRule("5分记录", 3.0, 5.3),
            "caries", new MeasureRule("颗", 0, 32),
            "haemoglobin", new MeasureRule("g/L", 40, 200),
            "pulse", new MeasureRule("次/分", 40, 200));

    /** A check's values that passed: blood pressure as whole numbers, the further measures with their units, the BMI. */
    record Valid(Integer sbp, Integer dbp, List<Measure> measures, BigDecimal bmi) {
    }

    private final Texts texts;

    CheckValidation(Texts texts) {
        this.texts = texts;
    }

    /**
     * Refuses every field at fault at once, then an age at measurement outside 3–25 years (wrong dates), then a BMI
     * outside 8–60 (naming the weight and the height).
     */
    Valid validate(Campaign k, Child child, Inputs.CheckInput in, LocalDate today) {
        FieldErrors e = texts.errors();
        if (in.measuredOn() == null) {
            e.add("measuredOn", "date");
        } else if (in.measuredOn().isAfter(today)) {
            e.add("measuredOn", "future");
        } else if (in.measuredOn().isBefore(k.startsOn()) || in.measuredOn().isAfter(k.endsOn())) {
            e.add("measuredOn", "outsideCampaign", k.startsOn(), k.endsOn());
        }
        range(e, "heightCm", in.heightCm(), 60, 220, 1);
        range(e, "weightKg", in.weightKg(), 10, 200, 1);
        Integer sbp = whole(e, "sbp", in.sbp());
        Integer dbp = whole(e, "dbp", in.dbp());
        if (e.has("sbp") || e.has("dbp")) {
            // already reported
        } else if ((sbp == null) != (dbp == null)) {
            e.add(sbp == null ? "sbp" : "dbp", "bpPair");
        } else if (sbp != null) {
            if (sbp < 60 || sbp > 250) {
                e.add("sbp", "range", 60, 250);
            }
            if (dbp < 30 || dbp > 150) {
                e.add("dbp", "range", 30, 150);
            } else if (dbp >= sbp) {
                e.add("dbp", "dbpBelowSbp");
            }
        }
        if (in.note() != null && in.note().length() > 500) {
            e.add("note", "tooLong", 500);
        }
        List<Measure> measures = measures(e, in.measures());
        if (child.birthDate() == null || child.gender() == null) {
            e.add("child", "noBirthDate");
        }
        e.throwIfAny();
        double years = Screening.ageYears(child.birthDate(), in.measuredOn());
        if (years < 3 || years > 25) {
            throw texts.invalid("measuredOn", "ageImplausible", BigDecimal.valueOf(years).setScale(1, RoundingMode.HALF_UP));
        }
        BigDecimal bmi = Screening.bmi(in.heightCm().doubleValue(), in.weightKg().doubleValue());
        if (bmi.doubleValue() < 8 || bmi.doubleValue() > 60) {
            throw new ValidationException(List.of(texts.field("weightKg", "bmiImplausible", bmi), texts.field("heightCm", "bmiImplausible", bmi)));
        }
        return new Valid(sbp, dbp, measures, bmi);
    }

    /**
     * Values implausible against the WHO reference (|z BMI| &gt; 5, |z HFA| &gt; 6) or a child who shrank (more than 3 cm
     * below {@code previous}, the check before this one) are kept only when confirmed: refused with
     * {@code "error":"confirm"} and the fields concerned.
     */
    void confirm(Screening.Outcome o, Optional<Check> previous, double heightCm) {
        FieldErrors soft = texts.errors();
        Screening.Result bfa = o.get("WHO_BFA");
        if (bfa != null && "IMPLAUSIBLE".equals(bfa.category())) {
            soft.add("weightKg", "zImplausible", bfa.value());
        }
        Screening.Result hfa = o.get("WHO_HFA");
        if (hfa != null && "IMPLAUSIBLE".equals(hfa.category())) {
            soft.add("heightCm", "zImplausible", hfa.value());
        }
        if (previous.isPresent() && previous.get().heightCm().doubleValue() - heightCm > 3) {
            soft.add("heightCm", "shrank", previous.get().heightCm(), previous.get().measuredOn());
        }
        if (!soft.isEmpty()) {
            throw new ApiException(400, "confirm", texts.zh("confirm"), texts.en("confirm"), soft.list());
        }
    }

    /** @return a whole number, or null; a fraction is refused naming the field */
    private static Integer whole(FieldErrors e, String field, BigDecimal v) {
        if (v == null) {
            return null;
        }
        try {
            return v.intValueExact();
        } catch (ArithmeticException x) {
            e.add(field, "integer");
            return null;
        }
    }

    private static void range(FieldErrors e, String field, BigDecimal v, double min, double max, int scale) {
        if (v == null) {
            if (!e.has(field)) {
                e.add(field, "required");
            }
        } else if (v.doubleValue() < min || v.doubleValue() > max) {
            e.add(field, "range", min, max);
        } else if (v.stripTrailingZeros().scale() > scale) {
            e.add(field, "decimals", scale);
        }
    }

    private static List<Measure> measures(FieldErrors e, List<Measure> in) {
        List<Measure> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            Measure m = in.get(i);
            String f = "measures[" + i + "]";
            if (m.code() == null || !MEASURE_CODE.matcher(m.code()).matches() || !seen.add(m.code())) {
                e.add(f + ".code", "measureCode");
                continue;
            }
            MeasureRule rule = MEASURES.get(m.code());
            if (rule != null) {
                if (m.value() == null || m.value().doubleValue() < rule.min() || m.value().doubleValue() > rule.max()) {
                    e.add(f + ".value", "range", rule.min(), rule.max());
                    continue;
                }
                out.add(new Measure(m.code(), m.value(), null, rule.unit()));
            } else {
                if (m.value() == null && (m.text() == null || m.text().isBlank())) {
                    e.add(f + ".value", "required");
                    continue;
                }
                if (m.text() != null && m.text().length() > 200 || m.unit() != null && m.unit().length() > 20) {
                    e.add(f + ".text", "tooLong", 200);
                    continue;
                }
                out.add(new Measure(m.code(), m.value(), m.text() == null ? null : m.text().strip(), m.unit()));
            }
        }
        return out;
    }
}
