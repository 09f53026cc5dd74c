package org.guanai.plugin.pairing.internal.rules;

/**
 * 职责: a recurring obligation of a scheme: at least {@code min} records of {@code kind} per {@code period}.
 *
 * @param kind   what is recorded
 * @param period how often
 * @param min    at least this many per period, 1–31
 * @param basis  per pair or per mentor
 * @param source the seed lines the default comes from, e.g. {@code [000 L197]}
 */
public record Obligation(RecordKind kind, Period period, int min, Basis basis, String source) {
    public Obligation {
        if (kind == null || period == null || basis == null || min < 1 || min > 31) {
            throw new IllegalArgumentException("obligation");
        }
        source = source == null ? "" : source;
    }

    /** @return a stable code, e.g. {@code HOME_VISIT/WEEK/MENTOR} */
    public String code() {
        return kind + "/" + period + "/" + basis;
    }
}
