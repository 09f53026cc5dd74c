package org.guanai.plugin.pairing.internal.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.guanai.plugin.pairing.internal.assign.Assigner.Need;
import org.guanai.plugin.pairing.internal.assign.Assigner.Offer;
import org.guanai.plugin.pairing.internal.assign.Assigner.Result;
import org.guanai.plugin.pairing.internal.assign.Assigner.Weights;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.junit.jupiter.api.Test;

class AssignerTest {
    private static final String[] VILLAGES = { "大坪村", "小河村", null };

    /** The best (most slots filled, then least cost) over every assignment, by exhaustive search. */
    private static long[] bruteForce(List<Need> needs, List<Offer> offers, Weights w) {
        long[] best = { -1, Long.MAX_VALUE };
        search(needs, offers, w, 0, new int[offers.size()], 0, 0, best);
        return best;
    }

    private static void search(List<Need> needs, List<Offer> offers, Weights w, int i, int[] added, int assigned, long cost,
            long[] best) {
        if (i == needs.size()) {
            if (assigned > best[0] || assigned == best[0] && cost < best[1]) {
                best[0] = assigned;
                best[1] = cost;
            }
            return;
        }
        search(needs, offers, w, i + 1, added, assigned, cost, best);
        for (int j = 0; j < offers.size(); j++) {
            Offer o = offers.get(j);
            int e = Assigner.edgeCost(needs.get(i), o, w);
            if (e >= 0 && o.load() + added[j] < o.capacity()) {
                added[j]++;
                search(needs, offers, w, i + 1, added, assigned + 1, cost + e + (long) w.perLoad() * (o.load() + added[j]), best);
                added[j]--;
            }
        }
    }

    private static List<Need> randomNeeds(Random r, int children) {
        List<Need> needs = new ArrayList<>();
        for (int c = 0; c < children; c++) {
            long school = r.nextInt(2);
            long klass = school * 10 + r.nextInt(3);
            String village = VILLAGES[r.nextInt(VILLAGES.length)];
            if (r.nextInt(4) == 0) { // 心级 4: 二对一, a cadre and a teacher
                needs.add(new Need(c, school, klass, village, MentorKind.CADRE.bit()));
                needs.add(new Need(c, school, klass, village, MentorKind.TEACHER.bit()));
            } else {
                needs.add(new Need(c, school, klass, village, MentorKind.TEACHER.bit() | MentorKind.LOVING_MOTHER.bit()));
            }
        }
        return needs;
    }

    private static List<Offer> randomOffers(Random r, int mentors) {
        List<Offer> offers = new ArrayList<>();
        MentorKind[] kinds = { MentorKind.TEACHER, MentorKind.LOVING_MOTHER, MentorKind.CADRE };
        for (int m = 0; m < mentors; m++) {
            long school = r.nextInt(2);
            int cap = 1 + r.nextInt(3);
            offers.add(new Offer(m, school, r.nextBoolean() ? school * 10 + r.nextInt(3) : -1, VILLAGES[r.nextInt(VILLAGES.length)],
                    kinds[r.nextInt(kinds.length)], r.nextInt(cap + 1), cap));
        }
        return offers;
    }

    @Test
    void optimalAgainstBruteForceOnSmallRandomInstances() {
        Random r = new Random(20261123);
        int nontrivial = 0;
        for (int round = 0; round < 1000; round++) {
            List<Need> needs = randomNeeds(r, 1 + r.nextInt(5));
            if (needs.size() > 7) {
                needs = needs.subList(0, 7);
            }
            List<Offer> offers = randomOffers(r, 1 + r.nextInt(4));
            int a = r.nextInt(3);
            int b = a + r.nextInt(3);
            Weights w = new Weights(a, b, b + r.nextInt(4), r.nextInt(3));
            Result got = Assigner.solve(needs, offers, w);
            long[] best = bruteForce(needs, offers, w);
            assertEquals(best[0], got.assigned(), "slots filled, round " + round);
            assertEquals(best[1], got.cost(), "cost, round " + round);
            // the reported cost is the cost of the pairs returned, and they keep every rule
            assertEquals(got.cost(), Assigner.cost(needs, offers, got.offerOf(), w));
            if (best[0] > 0 && best[0] < needs.size()) {
                nontrivial++;
            }
        }
        assertTrue(nontrivial > 50, "instances with some but not all slots filled: " + nontrivial);
    }

    @Test
    void respectsCapacityAndSchool() {
        List<Need> needs = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            needs.add(new Need(c, 1, 11, null, MentorKind.TEACHER.bit()));
        }
        needs.add(new Need(9, 2, 21, null, MentorKind.TEACHER.bit()));
        List<Offer> offers = List.of(new Offer(0, 1, 11, null, MentorKind.TEACHER, 1, 3), new Offer(1, 1, -1, null, MentorKind.TEACHER, 0, 1));
        Result res = Assigner.solve(needs, offers, Weights.defaults());
        assertEquals(3, res.assigned()); // 2 left on the class teacher, 1 on the other; the other school's child none
        assertEquals(-1, res.offerOf()[5]);
    }

    @Test
    void cadresServeTheirVillageAcrossSchools() {
        List<Need> needs = List.of(new Need(1, 1, 11, "大坪村", MentorKind.CADRE.bit()), new Need(2, 2, 21, "大坪村", MentorKind.CADRE.bit()),
                new Need(3, 2, 21, "小河村", MentorKind.CADRE.bit()));
        List<Offer> offers = List.of(new Offer(0, 1, -1, "大坪村", MentorKind.CADRE, 0, 2));
        Result res = Assigner.solve(needs, offers, Weights.defaults());
        assertEquals(2, res.assigned());
        assertEquals(-1, res.offerOf()[2]);
    }

    @Test
    void balancesLoad() {
        List<Need> needs = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            needs.add(new Need(c, 1, -1, null, MentorKind.TEACHER.bit()));
        }
        List<Offer> offers = List.of(new Offer(0, 1, -1, null, MentorKind.TEACHER, 0, 3), new Offer(1, 1, -1, null, MentorKind.TEACHER, 0, 3));
        Result res = Assigner.solve(needs, offers, Weights.defaults());
        int first = 0;
        for (int o : res.offerOf()) {
            first += o == 0 ? 1 : 0;
        }
        assertEquals(2, first);
    }

    @Test
    void costRejectsBrokenAssignments() {
        List<Need> needs = List.of(new Need(1, 1, -1, null, MentorKind.TEACHER.bit()));
        List<Offer> offers = List.of(new Offer(0, 2, -1, null, MentorKind.TEACHER, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Assigner.cost(needs, offers, new int[] { 0 }, Weights.defaults()));
    }
}
