package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.Measure;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** A check's plausibility rules, with the programme's real texts: what is refused, naming which fields, and what is kept. */
class CheckValidationTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    private final TestTexts texts = new TestTexts();
    private final CheckValidation validation = new CheckValidation(texts);
    private final Campaign campaign = new Campaign(7L, 1, "2026-2027-1", "秋季体检", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), 7,
            "u", null);
    private final Child child = Child.builder().id(3L).name("李小红").gender(Gender.FEMALE).birthDate(LocalDate.of(2016, 5, 1)).schoolId(1L)
            .build();

    private static Inputs.CheckInput input(LocalDate on, String height, String weight, String sbp, String dbp, String note,
            List<Measure> measures) {
        return new Inputs.CheckInput(on, dec(height), dec(weight), dec(sbp), dec(dbp), note, measures, null, false);
    }

    private static BigDecimal dec(String v) {
        return v == null ? null : new BigDecimal(v);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aPlausibleCheckPassesWithWholeBloodPressureAndTheUnitsOfKnownMeasures() {
        CheckValidation.Valid v = validation.validate(campaign, child, input(LocalDate.of(2026, 11, 5), "130.5", "27.0", "110", "70", null,
                List.of(new Measure("caries", BigDecimal.ONE, null, "ignored"), new Measure("hearing_note", null, "  正常 ", null))),
                TODAY);
        assertEquals(110, v.sbp());
        assertEquals(70, v.dbp());
        assertEquals(new BigDecimal("15.85"), v.bmi());
        assertEquals(List.of(new Measure("caries", BigDecimal.ONE, null, "颗"), new Measure("hearing_note", null, "正常", null)), v.measures());
    }

    @Test
    void everyFieldAtFaultIsNamedAtOnce() {
        ValidationException e = assertThrows(ValidationException.class, () -> validation.validate(campaign, child,
                input(TODAY.plusDays(1), "130.25", null, "120.5", "80", "x".repeat(501),
                        List.of(new Measure("Bad", BigDecimal.ONE, null, null), new Measure("pulse", new BigDecimal("300"), null, null))),
                TODAY));
        assertEquals(List.of("measuredOn", "heightCm", "weightKg", "sbp", "note", "measures[0].code", "measures[1].value"), fields(e.errors()));
        assertEquals(texts.en("future"), e.errors().get(0).messageEn());
        assertEquals(texts.zh("decimals", 1), e.errors().get(1).messageZh());
    }

    @Test
    void bloodPressureComesInPairsWithTheDiastolicBelow() {
        assertEquals(List.of("dbp"), fields(assertThrows(ValidationException.class, () -> validation.validate(campaign, child,
                input(LocalDate.of(2026, 11, 5), "130.5", "27.0", "110", null, null, null), TODAY)).errors()));
        ValidationException e = assertThrows(ValidationException.class, () -> validation.validate(campaign, child,
                input(LocalDate.of(2026, 11, 5), "130.5", "27.0", "90", "95", null, null), TODAY));
        assertEquals(List.of(new FieldError("dbp", texts.zh("dbpBelowSbp"), texts.en("dbpBelowSbp"))), e.errors());
    }

    @Test
    void aDateOutsideTheCampaignAnImpossibleAgeOrBmiIsRefusedNamingTheFields() {
        ValidationException outside = assertThrows(ValidationException.class, () -> validation.validate(campaign, child,
                input(LocalDate.of(2026, 10, 31), "130.5", "27.0", null, null, null, null), TODAY));
        assertEquals(texts.en("outsideCampaign", campaign.startsOn(), campaign.endsOn()), outside.errors().get(0).messageEn());
        Child baby = child.toBuilder().birthDate(LocalDate.of(2024, 6, 1)).build();
        assertEquals(List.of("measuredOn"), fields(assertThrows(ValidationException.class, () -> validation.validate(campaign, baby,
                input(LocalDate.of(2026, 11, 5), "130.5", "27.0", null, null, null, null), TODAY)).errors()));
        assertEquals(List.of("weightKg", "heightCm"), fields(assertThrows(ValidationException.class, () -> validation.validate(campaign,
                child, input(LocalDate.of(2026, 11, 5), "200.0", "15.0", null, null, null, null), TODAY)).errors()));
        assertEquals(List.of("child"), fields(assertThrows(ValidationException.class, () -> validation.validate(campaign,
                child.toBuilder().birthDate(null).build(), input(LocalDate.of(2026, 11, 5), "130.5", "27.0", null, null, null, null),
                TODAY)).errors()));
    }

    @Test
    void aChildWhoShrankOrAnImplausibleZScoreIsKeptOnlyWhenConfirmed() {
        Screening.Result implausible = new Screening.Result("WHO_BFA", new BigDecimal("5.4"), "IMPLAUSIBLE", true, null, "WHO", "v", false, "");
        Screening.Outcome plain = new Screening.Outcome(new BigDecimal("15.9"), 10.5, 126, List.of());
        Check before = new Check(1L, 6, 3, 1, null, "FEMALE", child.birthDate(), LocalDate.of(2026, 5, 5), new BigDecimal("120"),
                new BigDecimal("134.0"), new BigDecimal("27.0"), null, null, new BigDecimal("15.0"), false, null, 1, "u", null, List.of(), List.of());
        validation.confirm(plain, Optional.of(before), 131.0); // 3 cm shorter: measurement noise
        ApiException shrank = assertThrows(ApiException.class, () -> validation.confirm(plain, Optional.of(before), 130.9));
        assertEquals(400, shrank.status());
        assertEquals("confirm", shrank.code());
        assertEquals(List.of("heightCm"), fields(shrank.errors()));
        ApiException z = assertThrows(ApiException.class, () -> validation.confirm(new Screening.Outcome(plain.bmi(), 10.5, 126,
                List.of(implausible)), Optional.empty(), 131.0));
        assertEquals(List.of(new FieldError("weightKg", texts.zh("zImplausible", new BigDecimal("5.4")), texts.en("zImplausible",
                new BigDecimal("5.4")))), z.errors());
    }
}
