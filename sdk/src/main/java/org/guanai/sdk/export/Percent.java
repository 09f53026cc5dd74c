package org.guanai.sdk.export;

/**
 * A rate shown as a percentage: {@code new Percent(0.037)} is written {@code 3.7%}.
 *
 * @param ratio the rate, e.g. 0.037; {@code NaN} (no denominator) is written empty
 */
public record Percent(double ratio) {

    /** @return {@code part / whole}, or no rate (NaN) when {@code whole} is 0 */
    public static Percent of(long part, long whole) {
        return new Percent(whole == 0 ? Double.NaN : (double) part / whole);
    }
}
