package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.junit.jupiter.api.Test;

/**
 * 结对率 from the registry's class counts and the children with a pair or an assessment ({@link PairingReports#tally}) is
 * what going through every child of the school gives (the report's former computation, kept here as the oracle), with
 * the default schemes and with only schemes that ask for no mentor at level 1.
 */
class CoverageTallyTest {

    /** The former computation: every child of the school, one by one. */
    private static Map<Long, long[]> everyChild(List<Child> kids, Map<Long, Integer> levels, Map<Long, List<Pair>> open,
            Map<Long, Mentor> mentors, Schemes schemes) {
        Map<Long, long[]> byClass = new TreeMap<>();
        for (Child c : kids) {
            long[] row = byClass.computeIfAbsent(c.classId() == null ? -1L : c.classId(), k -> new long[3]);
            row[0]++;
            List<Pair> left = new ArrayList<>(open.getOrDefault(c.id(), List.of()));
            row[1] += left.isEmpty() ? 0 : 1;
            boolean full = true;
            for (Set<MentorKind> slot : schemes.slotsFor(levels.get(c.id()))) {
                Optional<Pair> f = left.stream().filter(p -> slot.contains(mentors.get(p.mentorId()).kind())).findFirst();
                f.ifPresent(left::remove);
                full &= f.isPresent();
            }
            row[2] += full ? 1 : 0;
        }
        return byClass;
    }

    private static void check(long seed, Schemes schemes) {
        Random random = new Random(seed);
        List<Child> kids = new ArrayList<>();
        int n = 1 + random.nextInt(300);
        for (long id = 1; id <= n; id++) {
            Long classId = random.nextInt(8) == 0 ? null : (long) (10 + random.nextInt(6));
            kids.add(new Child(id, 1, "学生", Gender.MALE, LocalDate.of(2015, 3, 1), null, null, null, 1L, classId, null, null, null,
                    LeftBehindType.BOTH_AWAY, null, false, null, null, Set.of(), false, null, null));
        }
        MentorKind[] kinds = MentorKind.values();
        Map<Long, Mentor> mentors = new HashMap<>();
        for (long m = 1; m <= 12; m++) {
            mentors.put(m, new Mentor(m, 1, kinds[random.nextInt(kinds.length)], null, null, "帮扶人", null, null, null, null, null, true,
                    null, null));
        }
        Map<Long, Integer> levels = new HashMap<>();
        Map<Long, List<Pair>> open = new HashMap<>();
        for (Child c : kids) {
            if (random.nextInt(3) == 0) {
                levels.put(c.id(), 1 + random.nextInt(4));
            }
            int pairs = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
            for (int p = 0; p < pairs; p++) {
                open.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(new Pair((long) p, 1, c.id(), 1 + random.nextInt(12),
                        Schemes.STAFF, Status.ACTIVE, LocalDate.of(2026, 9, 1), null, null, null, "t"));
            }
        }
        Map<Long, Long> counts = kids.stream().collect(Collectors.groupingBy(c -> c.classId() == null ? PairingReports.NO_CLASS : c.classId(),
                Collectors.counting()));
        counts.put(99L, 0L); // a class without children gives no row
        Set<Long> individual = new HashSet<>(open.keySet());
        individual.addAll(levels.keySet());
        List<Child> read = kids.stream().filter(c -> individual.contains(c.id())).toList();

        Map<Long, long[]> expected = everyChild(kids, levels, open, mentors, schemes);
        Map<Long, long[]> tallied = PairingReports.tally(counts, read, levels, open, mentors, schemes);
        assertEquals(expected.keySet().stream().toList(), tallied.keySet().stream().toList(), "seed " + seed);
        expected.forEach((k, row) -> assertArrayEquals(row, tallied.get(k), "seed " + seed + ", class " + k));
    }

    @Test
    void theCountsAndTheChildrenReadGiveWhatEveryChildGives() {
        Schemes defaults = new Schemes(Schemes.defaults());
        for (long seed = 1; seed <= 200; seed++) {
            check(seed, defaults);
        }
    }

    @Test
    void alsoWhenAnUnassessedChildNeedsNoMentor() {
        // only schemes of levels 2-4 are enabled: a child at level 1 (or unassessed) asks for no mentor, and counts as fully paired
        List<Scheme> some = new ArrayList<>();
        for (Scheme s : Schemes.defaults()) {
            some.add(s.levels().contains(1) ? s.with(false, s.capacity(), s.obligations()) : s);
        }
        Schemes schemes = new Schemes(some);
        assertEquals(List.of(), schemes.slotsFor(null), "the premise");
        for (long seed = 1; seed <= 200; seed++) {
            check(seed, schemes);
        }
    }
}
