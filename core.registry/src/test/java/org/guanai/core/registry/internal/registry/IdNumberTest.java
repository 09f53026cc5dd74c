package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;

import org.guanai.core.api.dto.Gender;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.registry.IdNumber.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberTest {
    /** GB 11643-1999 weights of the first 17 digits, written out here independently of the main code. */
    private static final int[] W = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String MAP = "10X98765432";

    /** Check character computed by the test itself. */
    private static char expectedCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += Character.digit(first17.charAt(i), 10) * W[i];
        }
        return MAP.charAt(sum % 11);
    }

    private static String valid(String first17) {
        return first17 + expectedCheck(first17);
    }

    @Test
    void examplesOfTheStandardAreValid() {
        // The two examples printed in GB 11643-1999 itself.
        assertEquals(Optional.empty(), IdNumber.check("11010519491231002X"));
        assertEquals('X', expectedCheck("11010519491231002"));
        assertEquals('X', IdNumber.checkChar("11010519491231002"));
        // 440524188001010014: right check digit, but born in 1880, before the registry's limit of 1900
        assertEquals('4', expectedCheck("44052418800101001"));
        assertEquals('4', IdNumber.checkChar("44052418800101001"));
        assertEquals(Optional.of(Problem.BIRTH_DATE), IdNumber.check("440524188001010014"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "52033020150312001", "52033020150312002", "11010120101231123", "65010220200229456",
            "91000020000101987", "52033020190901000" })
    void independentlyComputedCheckDigitsAreAccepted(String first17) {
        String id = valid(first17);
        assertEquals(expectedCheck(first17), IdNumber.checkChar(first17));
        assertEquals(Optional.empty(), IdNumber.check(id), id);
    }

    @Test
    void numberWithCheckCharacterXIsValid() {
        // search for a first17 of the demo region whose check character is X, independently of the main code
        String withX = null;
        for (int seq = 0; seq < 1000 && withX == null; seq++) {
            String first17 = "52033020160704" + String.format("%03d", seq);
            if (expectedCheck(first17) == 'X') {
                withX = first17 + 'X';
            }
        }
        assertTrue(withX != null && withX.endsWith("X"));
        assertEquals(Optional.empty(), IdNumber.check(withX), withX);
        assertEquals(LocalDate.of(2016, 7, 4), IdNumber.birthDate(withX).orElseThrow());
    }

    @Test
    void everyWrongCheckCharacterIsRefused() {
        String first17 = "52033020150312001";
        char right = expectedCheck(first17);
        for (char c : "0123456789X".toCharArray()) {
            Optional<Problem> problem = IdNumber.check(first17 + c);
            if (c == right) {
                assertEquals(Optional.empty(), problem);
            } else {
                assertEquals(Optional.of(Problem.CHECK_DIGIT), problem, first17 + c);
            }
        }
    }

    @Test
    void transposedDigitsAreDetected() {
        String id = valid("52033020150312001");
        String swapped = id.substring(0, 15) + id.charAt(16) + id.charAt(15) + id.charAt(17);
        assertNotEquals(id, swapped);
        assertEquals(Optional.of(Problem.CHECK_DIGIT), IdNumber.check(swapped));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "5203302015031200", "52033020150312001", "5203302015031200123", "520330201503120" })
    void wrongLengthIsAFormatProblem(String id) {
        assertEquals(Optional.of(Problem.FORMAT), IdNumber.check(id));
    }

    @Test
    void nullIsAFormatProblem() {
        assertEquals(Optional.of(Problem.FORMAT), IdNumber.check(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "52033A201503120012", "5203302015031200A1", "52033020150312001Y", "52033020150312001 ",
            " 52033020150312001", "5203302015-3120011", "52033020150312001x", "５２０３３０２０１５０３１２００１１" })
    void lettersAndOtherCharactersAreAFormatProblem(String id) {
        assertEquals(Optional.of(Problem.FORMAT), IdNumber.check(id), id);
    }

    @Test
    void lowerCaseXIsNormalisedByTexts() {
        String upper = "11010519491231002X";
        String lower = "11010519491231002x";
        assertEquals(Optional.of(Problem.FORMAT), IdNumber.check(lower));
        assertEquals(upper, Texts.idNumber(lower));
        assertEquals(upper, Texts.idNumber("  " + lower + "\t"));
        assertEquals(Optional.empty(), IdNumber.check(Texts.idNumber(lower)));
        assertEquals(null, Texts.idNumber("   "));
        assertEquals(null, Texts.idNumber(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "520330202302300", "520330202313010", "520330202300150", "520330201902290", "520330189912310",
            "520330000001010" })
    void impossibleBirthDatesAreRefused(String first15) {
        // 2023-02-30, month 13, day 0, 29 Feb of a common year, before 1900, year 0
        String id = valid(first15 + "12");
        assertEquals(Optional.empty(), IdNumber.birthDate(id), id);
        assertEquals(Optional.of(Problem.BIRTH_DATE), IdNumber.check(id), id);
    }

    @Test
    void leapDayIsARealBirthDate() {
        String id = valid("52033020200229002");
        assertEquals(Optional.empty(), IdNumber.check(id));
        assertEquals(LocalDate.of(2020, 2, 29), IdNumber.birthDate(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "00", "01", "10", "92", "99" })
    void regionOutOfRangeIsRefused(String province) {
        String id = valid(province + "033020150312001");
        assertEquals(Optional.of(Problem.REGION), IdNumber.check(id), id);
    }

    @ParameterizedTest
    @ValueSource(strings = { "11", "52", "91" })
    void regionAtTheBoundsIsAccepted(String province) {
        String id = valid(province + "033020150312001");
        assertEquals(Optional.empty(), IdNumber.check(id), id);
    }

    @Test
    void genderComesFromThe17thDigit() {
        for (int d = 0; d <= 9; d++) {
            String id = valid("5203302015031200" + d);
            assertEquals(d % 2 == 1 ? Gender.MALE : Gender.FEMALE, IdNumber.gender(id), id);
        }
        assertEquals(Gender.FEMALE, IdNumber.gender("11010519491231002X"));
        assertEquals(Gender.MALE, IdNumber.gender("440524188001010014"));
    }

    @Test
    void birthDateIsReadFromCharacters7To14() {
        assertEquals(LocalDate.of(1949, 12, 31), IdNumber.birthDate("11010519491231002X").orElseThrow());
        // the standard's example of 1880 is before the 1900 limit of the registry
        assertEquals(Optional.empty(), IdNumber.birthDate("440524188001010014"));
    }

    @Test
    void ofBuildsValidNumbersThatRoundTrip() {
        LocalDate start = LocalDate.of(2010, 1, 1);
        for (int i = 0; i < 400; i++) {
            LocalDate birth = start.plusDays(i * 13L);
            int seq = (i * 37) % 1000;
            String id = IdNumber.of("520330", birth, seq);
            assertEquals(18, id.length());
            assertEquals("520330", id.substring(0, 6));
            assertEquals(String.format("%03d", seq), id.substring(14, 17));
            assertEquals(expectedCheck(id.substring(0, 17)), id.charAt(17), id);
            assertEquals(Optional.empty(), IdNumber.check(id), id);
            assertEquals(birth, IdNumber.birthDate(id).orElseThrow());
            assertEquals(seq % 2 == 1 ? Gender.MALE : Gender.FEMALE, IdNumber.gender(id));
        }
    }
}
