package org.guanai.plugin.pairing.internal.rules;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * 心级 rules: per child, a score of 0 (no concern) to 3 (serious concern) on each dimension gives a level of 1–4 hearts;
 * more hearts, more need of care [002 L371]. The seed gives no formula, thresholds or cycle ("No scoring formula,
 * thresholds or re-assessment cycle are given", domain §4.3), so all of it is configuration:
 * <ul>
 * <li>level 4 when a <em>critical</em> dimension scores {@code criticalScore} or more (default 心理 and 监护 at 3), or when
 * the total reaches {@code level4Total};</li>
 * <li>otherwise level 3, 2 or 1 by the total against {@code level3Total}, {@code level2Total}.</li>
 * </ul>
 *
 * @param extraLabelZh   the fifth dimension's 中文 label, or {@code null}: the dimension is not assessed
 * @param extraLabelEn   its English label
 * @param critical       the dimensions that alone make a child level 4
 * @param criticalScore  the score at which a critical dimension makes level 4
 * @param level2Total    total score from which a child is level 2
 * @param level3Total    total score from which a child is level 3
 * @param level4Total    total score from which a child is level 4
 */
public record AssessmentRules(String extraLabelZh, String extraLabelEn, Set<Dimension> critical, int criticalScore,
        int level2Total, int level3Total, int level4Total) {

    /** Highest score of one dimension. */
    public static final int MAX_SCORE = 3;

    public AssessmentRules {
        critical = critical.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(critical));
        if (!(0 < level2Total && level2Total <= level3Total && level3Total <= level4Total) || criticalScore < 1
                || criticalScore > MAX_SCORE) {
            throw new IllegalArgumentException("thresholds must rise: 0 < level2 ≤ level3 ≤ level4, critical score 1–3");
        }
        if (extraLabelZh != null && extraLabelZh.isBlank()) {
            extraLabelZh = null;
        }
    }

    /** The defaults: 心理 or 监护 at 3 → level 4; total ≥ 9 → 4, ≥ 6 → 3, ≥ 3 → 2. */
    public static AssessmentRules defaults() {
        return new AssessmentRules(null, null, EnumSet.of(Dimension.PSYCH, Dimension.GUARDIANSHIP), 3, 3, 6, 9);
    }

    /** @return whether the fifth dimension is assessed */
    public boolean extraEnabled() {
        return extraLabelZh != null;
    }

    /** The dimensions assessed under these rules. */
    public Set<Dimension> dimensions() {
        EnumSet<Dimension> d = EnumSet.of(Dimension.PSYCH, Dimension.PHYSICAL, Dimension.ACADEMIC, Dimension.GUARDIANSHIP);
        if (extraEnabled()) {
            d.add(Dimension.EXTRA);
        }
        return d;
    }

    /**
     * @param scores a score 0–3 for each assessed dimension
     * @return the level and why
     * @throws IllegalArgumentException naming the first dimension that is missing or out of range
     */
    public Result level(Map<Dimension, Integer> scores) {
        int total = 0;
        Dimension criticalHit = null;
        for (Dimension d : dimensions()) {
            Integer s = scores.get(d);
            if (s == null || s < 0 || s > MAX_SCORE) {
                throw new IllegalArgumentException(d.name());
            }
            total += s;
            if (criticalHit == null && critical.contains(d) && s >= criticalScore) {
                criticalHit = d;
            }
        }
        if (criticalHit != null) {
            return new Result(4, total, "critical:" + criticalHit.name());
        }
        int level = total >= level4Total ? 4 : total >= level3Total ? 3 : total >= level2Total ? 2 : 1;
        return new Result(level, total, "total:" + total);
    }

    /** Scores read from a map keyed by dimension name; unknown keys ignored. */
    public static Map<Dimension, Integer> scores(Map<String, Integer> byName) {
        Map<Dimension, Integer> out = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            if (byName.containsKey(d.name())) {
                out.put(d, byName.get(d.name()));
            }
        }
        return out;
    }

    /**
     * @param level 1–4 hearts
     * @param total the sum of the scores
     * @param rule  which rule decided: {@code critical:PSYCH} or {@code total:7}
     */
    public record Result(int level, int total, String rule) {
    }
}
