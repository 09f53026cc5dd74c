package org.guanai.plugin.pairing.internal.rules;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * 帮扶模式: a pairing scheme template (domain §4.1): which mentors take a child (one set of mentor kinds per slot, so
 * 二对一 has two slots), how many children one mentor takes, what must be on record first and what the mentor must do.
 *
 * @param code          stable id, e.g. {@code STAFF}
 * @param nameZh        中文名称
 * @param nameEn        English name
 * @param slots         the mentors one child gets: one set of admissible kinds per mentor
 * @param capacity      the most children one mentor of this scheme takes (the mentor's default capacity)
 * @param preconditions what must be recorded before a pair is in force
 * @param obligations   the recurring duties
 * @param levels        the 心级 levels (1–4) for which the assignment proposes this scheme; empty: only set up by hand
 * @param enabled       whether the school uses the scheme
 * @param source        the seed lines the template comes from
 */
public record Scheme(String code, String nameZh, String nameEn, List<Set<MentorKind>> slots, int capacity,
        Set<Precondition> preconditions, List<Obligation> obligations, Set<Integer> levels, boolean enabled, String source) {

    public Scheme {
        if (slots == null || slots.isEmpty() || capacity < 1 || capacity > 50) {
            throw new IllegalArgumentException("scheme " + code);
        }
        slots = slots.stream().map(s -> (Set<MentorKind>) Set.copyOf(EnumSet.copyOf(s))).toList();
        preconditions = preconditions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(preconditions));
        obligations = List.copyOf(obligations);
        levels = Set.copyOf(levels);
    }

    /** @return whether a mentor of the kind may take a child in this scheme */
    public boolean admits(MentorKind kind) {
        return slots.stream().anyMatch(s -> s.contains(kind));
    }

    /** @return an obligation of this scheme's kind, with the seed lines of the template's obligation of the same kind, period and basis */
    public Obligation obligation(RecordKind kind, Period period, int min, Basis basis) {
        String source = obligations.stream().filter(o -> o.kind() == kind && o.period() == period && o.basis() == basis)
                .map(Obligation::source).findFirst().orElse("");
        return new Obligation(kind, period, min, basis, source);
    }

    /** @return a copy with the school's settings */
    public Scheme with(boolean enabled, int capacity, List<Obligation> obligations) {
        return new Scheme(code, nameZh, nameEn, slots, capacity, preconditions, obligations, levels, enabled, source);
    }
}
