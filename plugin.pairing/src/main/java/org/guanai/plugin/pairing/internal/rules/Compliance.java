package org.guanai.plugin.pairing.internal.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * 职责履行: which obligations were met in which period, and which are overdue (domain §4.2).
 * <p>
 * A period counts when it lies wholly inside the pair's life (for a per-mentor obligation: inside the life of one of
 * the mentor's pairs of the scheme) and has ended by {@code asOf}. A period is met when it holds at least
 * {@code min} records of the kind: of the mentor with that child (per pair) or of the mentor with any child (per mentor).
 */
public final class Compliance {

    private Compliance() {
    }

    /**
     * A pair as the computation needs it.
     *
     * @param end the last day of the pair, {@code null} while it lasts
     */
    public record PairSpan(long pairId, long childId, long mentorId, String scheme, LocalDate start, LocalDate end) {
    }

    /** A record as the computation needs it. */
    public record Entry(long mentorId, Long childId, RecordKind kind, LocalDate date) {
    }

    /**
     * One obligation in one period.
     *
     * @param childId {@code null} for a per-mentor obligation
     * @param pairId  {@code null} for a per-mentor obligation
     * @param end     the first day after the period
     */
    public record Item(String scheme, Obligation obligation, long mentorId, Long childId, Long pairId, LocalDate start,
            LocalDate end, int done) {
        public boolean met() {
            return done >= obligation.min();
        }
    }

    /**
     * Every complete period of every obligation, from {@code from} (periods starting before it are left out) to
     * {@code asOf} (periods ending after it are left out).
     */
    public static List<Item> periods(List<PairSpan> pairs, Function<String, Scheme> schemes, List<Entry> entries,
            LocalDate from, LocalDate asOf) {
        Map<String, List<LocalDate>> perPair = new HashMap<>();
        Map<String, List<LocalDate>> perMentor = new HashMap<>();
        for (Entry e : entries) {
            perMentor.computeIfAbsent(e.mentorId() + "/" + e.kind(), k -> new ArrayList<>()).add(e.date());
            if (e.childId() != null) {
                perPair.computeIfAbsent(e.mentorId() + "/" + e.childId() + "/" + e.kind(), k -> new ArrayList<>()).add(e.date());
            }
        }
        List<Item> out = new ArrayList<>();
        Set<String> mentorPeriods = new HashSet<>();
        for (PairSpan p : pairs) {
            Scheme s = schemes.apply(p.scheme());
            if (s == null) {
                continue;
            }
            for (Obligation o : s.obligations()) {
                LocalDate first = o.period().start(p.start(), p.start());
                if (first.isBefore(p.start())) {
                    first = o.period().next(first);
                }
                for (LocalDate st = first; !o.period().next(st).isAfter(asOf); st = o.period().next(st)) {
                    LocalDate en = o.period().next(st);
                    if (p.end() != null && p.end().isBefore(en.minusDays(1))) {
                        break;
                    }
                    if (st.isBefore(from)) {
                        continue;
                    }
                    if (o.basis() == Basis.PAIR) {
                        out.add(new Item(s.code(), o, p.mentorId(), p.childId(), p.pairId(), st, en,
                                count(perPair.get(p.mentorId() + "/" + p.childId() + "/" + o.kind()), st, en)));
                    } else if (mentorPeriods.add(p.mentorId() + "/" + o.code() + "/" + st)) {
                        out.add(new Item(s.code(), o, p.mentorId(), null, null, st, en,
                                count(perMentor.get(p.mentorId() + "/" + o.kind()), st, en)));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Item::start).thenComparingLong(Item::mentorId)
                .thenComparing(i -> i.childId() == null ? -1 : i.childId()).thenComparing(i -> i.obligation().code()));
        return out;
    }

    /** The periods not met: what is overdue. */
    public static List<Item> overdue(List<PairSpan> pairs, Function<String, Scheme> schemes, List<Entry> entries,
            LocalDate from, LocalDate asOf) {
        return periods(pairs, schemes, entries, from, asOf).stream().filter(i -> !i.met()).toList();
    }

    private static int count(List<LocalDate> dates, LocalDate start, LocalDate end) {
        if (dates == null) {
            return 0;
        }
        int n = 0;
        for (LocalDate d : dates) {
            if (!d.isBefore(start) && d.isBefore(end)) {
                n++;
            }
        }
        return n;
    }
}
