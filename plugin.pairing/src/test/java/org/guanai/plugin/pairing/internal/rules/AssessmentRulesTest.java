package org.guanai.plugin.pairing.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AssessmentRulesTest {
    private static Map<Dimension, Integer> s(int psych, int body, int study, int guard) {
        return Map.of(Dimension.PSYCH, psych, Dimension.PHYSICAL, body, Dimension.ACADEMIC, study, Dimension.GUARDIANSHIP, guard);
    }

    @Test
    void defaultLevels() {
        AssessmentRules r = AssessmentRules.defaults();
        assertEquals(1, r.level(s(0, 0, 1, 1)).level());
        assertEquals(2, r.level(s(1, 1, 1, 0)).level());
        assertEquals(3, r.level(s(2, 2, 2, 0)).level());
        assertEquals(4, r.level(s(2, 3, 3, 2)).level()); // total 10
        assertEquals("total:10", r.level(s(2, 3, 3, 2)).rule());
        assertEquals(4, r.level(s(0, 0, 0, 3)).level()); // guardianship critical
        assertEquals("critical:GUARDIANSHIP", r.level(s(0, 0, 0, 3)).rule());
        assertEquals(2, r.level(s(0, 3, 0, 0)).level()); // physical is not critical
    }

    @Test
    void configurableFifthDimensionAndThresholds() {
        AssessmentRules r = new AssessmentRules("经济", "Economic", EnumSet.noneOf(Dimension.class), 3, 2, 4, 12);
        Map<Dimension, Integer> scores = new java.util.EnumMap<>(s(0, 0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> r.level(scores), "EXTRA is missing");
        scores.put(Dimension.EXTRA, 1);
        assertEquals(3, r.level(scores).level()); // no critical dimension: total 4
    }

    @Test
    void rejectsBadScoresAndRules() {
        AssessmentRules r = AssessmentRules.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.level(s(0, 4, 0, 0)));
        assertEquals("PHYSICAL", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AssessmentRules(null, null, EnumSet.noneOf(Dimension.class), 3, 5, 4, 9));
    }
}
