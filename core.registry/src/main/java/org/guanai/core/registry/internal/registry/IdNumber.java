package org.guanai.core.registry.internal.registry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

import org.guanai.core.api.dto.Gender;

/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd for men, even for
 * women), and an ISO 7064 MOD 11-2 check character ({@code 0-9} or {@code X}).
 */
public final class IdNumber {
    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

    /** What is wrong with a number, in the order the checks run. */
    enum Problem {
        FORMAT, REGION, BIRTH_DATE, CHECK_DIGIT
    }

    private IdNumber() {
    }

    /** @return the check character for the first 17 digits */
    static char checkChar(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** @return the first problem found, or empty if the number is valid */
    public static Optional<Problem> check(String id) {
        if (id == null || id.length() != 18) {
            return Optional.of(Problem.FORMAT);
        }
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of(Problem.FORMAT);
            }
        }
        char last = id.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Optional.of(Problem.FORMAT);
        }
        int province = Integer.parseInt(id.substring(0, 2));
        if (province < 11 || province > 91) {
            return Optional.of(Problem.REGION);
        }
        if (birthDate(id).isEmpty()) {
            return Optional.of(Problem.BIRTH_DATE);
        }
        if (checkChar(id) != last) {
            return Optional.of(Problem.CHECK_DIGIT);
        }
        return Optional.empty();
    }

    /** @return the birth date encoded in characters 7–14, if it is a real date not before 1900 */
    public static Optional<LocalDate> birthDate(String id) {
        try {
            int y = Integer.parseInt(id.substring(6, 10));
            int m = Integer.parseInt(id.substring(10, 12));
            int d = Integer.parseInt(id.substring(12, 14));
            if (y < 1900) {
                return Optional.empty();
            }
            return Optional.of(LocalDate.of(y, m, d));
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** @return the gender encoded in the 17th digit (odd: male) */
    public static Gender gender(String id) {
        return (id.charAt(16) - '0') % 2 == 1 ? Gender.MALE : Gender.FEMALE;
    }

    /** Builds a valid number; used by the demo data generator and tests. */
    public static String of(String region6, LocalDate birth, int sequence3) {
        String first17 = region6 + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                birth.getDayOfMonth(), sequence3);
        return first17 + checkChar(first17);
    }
}
