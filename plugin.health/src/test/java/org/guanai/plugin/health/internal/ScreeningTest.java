package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.Gender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The screening against the reference tables' own values. */
class ScreeningTest {
    private final Screening screening = new Screening(new References());

    /** Rows of a bundled CSV, header first. */
    private static List<String[]> rows(String file) throws IOException {
        try (InputStream in = ScreeningTest.class.getResourceAsStream("/reference/" + file)) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(","));
                }
            }
            return out;
        }
    }

    /**
     * Every SD column of the WHO expanded tables (values WHO computed) gives back its own z-score through the LMS formula
     * (restricted for BMI-for-age, which is what makes SD4 and SD4neg come out as ±4), at every month 61–228.
     */
    @ParameterizedTest
    @ValueSource(strings = { "who2007_bmi_for_age_boys_lms.csv", "who2007_bmi_for_age_girls_lms.csv",
            "who2007_height_for_age_boys_lms.csv", "who2007_height_for_age_girls_lms.csv" })
    void zScoresReproduceTheWhoSdColumns(String file) throws IOException {
        List<String[]> rows = rows(file);
        String[] header = rows.get(0);
        boolean bmi = file.contains("bmi");
        int checked = 0;
        double worst = 0;
        for (String[] r : rows.subList(1, rows.size())) {
            double l = Double.parseDouble(r[1]);
            double m = Double.parseDouble(r[2]);
            double s = Double.parseDouble(r[3]);
            for (int c = 4; c < header.length; c++) {
                if (!header[c].startsWith("SD")) {
                    continue;
                }
                String name = header[c].substring(2);
                int sd = name.endsWith("neg") ? -Integer.parseInt(name.substring(0, name.length() - 3)) : Integer.parseInt(name);
                double y = Double.parseDouble(r[c]);
                double z = bmi ? Screening.zRestricted(y, l, m, s) : Screening.z(y, l, m, s);
                worst = Math.max(worst, Math.abs(z - sd));
                assertEquals(sd, z, 0.002, file + " month " + r[0] + " " + header[c]);
                checked++;
            }
        }
        assertTrue(checked >= 168 * 9, "columns checked: " + checked);
        assertTrue(worst < 0.002, "worst " + worst);
    }

    @Test
    void lmsInterpolatedLinearlyBetweenMonths() {
        List<References.Lms> boys = screening.references().bmiForAge.get("male");
        References.Lms a = boys.get(0);
        References.Lms b = boys.get(1);
        References.Lms half = Screening.interpolate(boys, 61.5);
        assertEquals((a.m() + b.m()) / 2, half.m(), 1e-12);
        assertEquals((a.l() + b.l()) / 2, half.l(), 1e-12);
        assertEquals((a.s() + b.s()) / 2, half.s(), 1e-12);
        assertNull(Screening.interpolate(boys, 60.9));
        assertNull(Screening.interpolate(boys, 228.1));
        assertEquals(228, Screening.interpolate(boys, 228).month());
    }

    @Test
    void restrictedLmsDiffersFromPlainBeyondThreeSd() {
        double l = -0.7387, m = 15.2641, s = 0.0839;
        double y = 24;
        assertTrue(Screening.z(y, l, m, s) > 3);
        assertTrue(Screening.zRestricted(y, l, m, s) != Screening.z(y, l, m, s));
        // between −3 and +3 the two agree
        assertEquals(Screening.z(17, l, m, s), Screening.zRestricted(17, l, m, s), 0);
    }

    /** WS/T 586-2018, boys 10.0: overweight ≥ 19.2, obesity ≥ 21.9; 10.5: 19.6 / 22.5; girls 13.0: 22.2 / 25.0. */
    @ParameterizedTest
    @CsvSource({ "male,10.0,19.1,NORMAL", "male,10.0,19.2,OVERWEIGHT", "male,10.0,21.8,OVERWEIGHT", "male,10.0,21.9,OBESITY",
            "male,10.49,19.5,OVERWEIGHT", "male,10.5,19.5,NORMAL", "male,10.5,22.5,OBESITY", "female,13.0,22.1,NORMAL",
            "female,13.0,22.2,OVERWEIGHT", "female,13.0,25.0,OBESITY", "male,18.3,28.0,OBESITY", "male,18.3,27.9,OVERWEIGHT",
            "male,5.99,30,NOT_APPLICABLE" })
    void overweightAndObesityAtBandEdges(String sex, double age, double bmi, String expected) {
        Screening.Result r = screening.overweight(sex, age, bmi);
        assertEquals(expected, r.category());
        assertEquals("WS/T 586-2018", r.referenceId());
        assertTrue(r.referenceVersion().startsWith("2018"));
        assertEquals(expected.equals("OBESITY") ? Screening.OBESITY : null, r.finding());
    }

    /**
     * Regression (issue 19): a boy born 2020-09-01, measured 2026-12-01 at 101.0 cm and 18.0 kg has a BMI of 17.645. It
     * was rounded to 17.65 and again to 17.7, the obesity cut-off of his band (boys 6.0: overweight ≥ 16.4, obesity ≥
     * 17.7), and he was classified 肥胖. Classified from the exact value he is 超重, and no obesity follow-up opens.
     */
    @Test
    void bmiIsClassifiedFromTheExactValueNotRoundedTwice() {
        Screening.Outcome o = screening.screen(Gender.MALE, LocalDate.of(2020, 9, 1), LocalDate.of(2026, 12, 1), 101.0, 18.0, null, null);
        assertEquals("17.65", o.bmi().toPlainString(), "the BMI shown, rounded once");
        Screening.Result r = o.results().stream().filter(x -> x.indicator().equals("WST586")).findFirst().orElseThrow();
        assertEquals("OVERWEIGHT", r.category());
        assertEquals("17.65", r.value().toPlainString());
        assertFalse(o.findings().contains(Screening.OBESITY), o.findings().toString());
        // at the cut-off itself, and just above a mild-wasting step, the exact value decides
        assertEquals("OBESITY", screening.overweight("male", 6.25, 17.7).category());
        assertEquals("OVERWEIGHT", screening.overweight("male", 6.25, 17.6999).category());
    }

    /** Between the table's 0.1 steps there is no gap: 13.25 (boys 6.0) is mild wasting, 13.41 is normal. */
    @ParameterizedTest
    @CsvSource({ "13.2,MODERATE_SEVERE", "13.2001,MILD", "13.25,MILD", "13.4,MILD", "13.41,NORMAL" })
    void wastingIsClassifiedFromTheExactValue(double bmi, String expected) {
        assertEquals(expected, screening.wasting("male", 6.0, bmi).category());
    }

    /** WS/T 456-2014 boys 6.0: moderate/severe ≤ 13.2, mild 13.3–13.4; stunting boys 8.0 ≤ 115.4, girls 17.5 ≤ 147.5. */
    @ParameterizedTest
    @CsvSource({ "male,6.0,13.2,MODERATE_SEVERE", "male,6.0,13.3,MILD", "male,6.0,13.4,MILD", "male,6.0,13.5,NORMAL",
            "male,17.9,10,MODERATE_SEVERE", "male,18.0,10,NOT_APPLICABLE" })
    void wastingAtBandEdges(String sex, double age, double bmi, String expected) {
        assertEquals(expected, screening.wasting(sex, age, bmi).category());
    }

    @ParameterizedTest
    @CsvSource({ "male,8.0,115.4,STUNTED", "male,8.0,115.5,NORMAL", "male,8.49,115.5,NORMAL", "male,7.99,115.4,NORMAL",
            "male,7.99,112.8,STUNTED", "female,17.9,147.5,STUNTED", "female,17.9,147.6,NORMAL", "female,5.9,90,NOT_APPLICABLE" })
    void stuntingAtBandEdges(String sex, double age, double height, String expected) {
        Screening.Result r = screening.stunting(sex, age, height);
        assertEquals(expected, r.category());
        assertEquals(expected.equals("STUNTED") ? Screening.STUNTING : null, r.finding());
    }

    /** WS/T 610 boys 7: P50 height 125.5 → group P50 (115/75); 125.4 → P25 (113/74). Provisional. */
    @ParameterizedTest
    @CsvSource({ "125.5,115,60,HIGH", "125.5,114,74,NORMAL", "125.5,100,75,HIGH", "125.4,113,60,HIGH", "125.4,112,73,NORMAL",
            "110,108,60,HIGH", "110,107,71,NORMAL", "140,121,60,HIGH", "140,120,78,NORMAL" })
    void bloodPressureByHeightGroup(double height, int sbp, int dbp, String expected) {
        Screening.Result r = screening.bloodPressure("male", 7.3, height, sbp, dbp);
        assertEquals(expected, r.category(), r.detail());
        assertTrue(r.provisional());
        assertTrue(r.referenceVersion().contains("provisional"));
    }

    @Test
    void bloodPressureAdultAndTooYoung() {
        assertEquals("HIGH", screening.bloodPressure("female", 18.1, 160, 140, 80).category());
        assertEquals("NORMAL", screening.bloodPressure("female", 18.1, 160, 139, 89).category());
        assertEquals("NOT_APPLICABLE", screening.bloodPressure("female", 6.9, 120, 150, 100).category());
    }

    @ParameterizedTest
    @CsvSource({ "2021-06-02,2026-06-01", "2007-06-01,2026-06-01", "2006-01-01,2026-06-01" })
    void agesOutsideFiveToNineteenAreFlaggedNotClassified(LocalDate birth, LocalDate measured) {
        Screening.Outcome o = screening.screen(Gender.FEMALE, birth, measured, 120, 25, 100, 60);
        assertEquals(1, o.results().size());
        assertEquals("AGE_OUT_OF_RANGE", o.results().get(0).category());
        assertTrue(o.flagged());
        assertTrue(o.findings().isEmpty());
    }

    @Test
    void fullScreeningOfAnObeseAndAStuntedChild() {
        // boy born 2016-03-01, measured 2026-03-01: 10.0 y; 140 cm, 45 kg → BMI 22.96 ≥ 21.9 obesity
        Screening.Outcome obese = screening.screen(Gender.MALE, LocalDate.of(2016, 3, 1), LocalDate.of(2026, 3, 1), 140, 45, 110, 70);
        assertEquals(10.0, obese.ageYears(), 1e-9);
        assertEquals("22.96", obese.bmi().toPlainString());
        assertEquals("OBESITY", obese.get("WST586").category());
        assertEquals("OBESITY", obese.get("WHO_BFA").category());
        assertEquals(List.of(Screening.OBESITY), obese.findings());
        // girl 9.0 y, 115 cm ≤ 119.5 → stunted; WHO height-for-age below −2
        Screening.Outcome stunted = screening.screen(Gender.FEMALE, LocalDate.of(2017, 3, 1), LocalDate.of(2026, 3, 1), 115, 20, null,
                null);
        assertEquals("STUNTED", stunted.get("WST456_STUNTING").category());
        assertTrue(stunted.get("WHO_HFA").value().doubleValue() < -2);
        assertNull(stunted.get("WST610_BP"));
        assertEquals(List.of(Screening.STUNTING), stunted.findings());
        // an ordinary child: nothing flagged
        Screening.Outcome normal = screening.screen(Gender.MALE, LocalDate.of(2016, 3, 1), LocalDate.of(2026, 3, 1), 140, 32, 105, 65);
        assertFalse(normal.flagged(), normal.results().toString());
    }

    @Test
    void ageInYearsAndMonths() {
        assertEquals(10.5, Screening.ageYears(LocalDate.of(2015, 9, 1), LocalDate.of(2026, 3, 1)), 1e-9);
        assertEquals(61.0, Screening.ageMonths(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 1).plusDays(1857)), 0.02);
    }
}
