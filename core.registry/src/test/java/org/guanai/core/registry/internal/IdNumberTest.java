package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;

import org.guanai.core.api.dto.Gender;
import org.junit.jupiter.api.Test;

class IdNumberTest {
    /** The check character computed here independently of the production code (GB 11643, ISO 7064 MOD 11-2). */
    static char check(String first17) {
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    @Test
    void acceptsValidNumbersIncludingCheckCharacterX() {
        // The standard's published example: 11010519491231002X
        assertEquals(Optional.empty(), IdNumber.check("11010519491231002X"));
        assertEquals('X', IdNumber.checkChar("11010519491231002"));
        String first17 = "52033020150305103";
        assertEquals(Optional.empty(), IdNumber.check(first17 + check(first17)));
    }

    @Test
    void refusesAWrongCheckDigit() {
        String first17 = "52033020150305103";
        char right = check(first17);
        char wrong = right == '1' ? '2' : '1';
        assertEquals(Optional.of(IdNumber.Problem.CHECK_DIGIT), IdNumber.check(first17 + wrong));
    }

    @Test
    void refusesMalformedNumbers() {
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check("5203302015030510"));
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check("5203302015030510311"));
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check("52033020150305A031"));
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check("52033020150305103x"), "lower case x is normalised before");
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check("５２０３３０２０１５０３０５１０３１"), "full-width digits");
        assertEquals(Optional.of(IdNumber.Problem.FORMAT), IdNumber.check(null));
        String badRegion = "09033020150305103";
        assertEquals(Optional.of(IdNumber.Problem.REGION), IdNumber.check(badRegion + check(badRegion)));
        String feb30 = "52033020230230103";
        assertEquals(Optional.of(IdNumber.Problem.BIRTH_DATE), IdNumber.check(feb30 + check(feb30)));
    }

    @Test
    void birthDateAndGender() {
        String id = IdNumber.of("520330", LocalDate.of(2015, 3, 5), 103);
        assertEquals(LocalDate.of(2015, 3, 5), IdNumber.birthDate(id).orElseThrow());
        assertEquals(Gender.MALE, IdNumber.gender(id));
        assertEquals(Gender.FEMALE, IdNumber.gender(IdNumber.of("520330", LocalDate.of(2015, 3, 5), 104)));
        assertEquals(check(id.substring(0, 17)), id.charAt(17));
        assertTrue(IdNumber.check(id).isEmpty());
        assertEquals(id, Texts.idNumber(" " + id.toLowerCase() + " "));
    }
}
