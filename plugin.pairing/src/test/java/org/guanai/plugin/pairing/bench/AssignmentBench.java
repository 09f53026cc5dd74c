package org.guanai.plugin.pairing.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.guanai.plugin.pairing.internal.assign.Assigner;
import org.guanai.plugin.pairing.internal.assign.Assigner.Need;
import org.guanai.plugin.pairing.internal.assign.Assigner.Offer;
import org.guanai.plugin.pairing.internal.assign.Assigner.Result;
import org.guanai.plugin.pairing.internal.assign.Assigner.Weights;
import org.guanai.plugin.pairing.internal.rules.MentorKind;

/**
 * Benchmark of the assignment (no JUnit, run by {@code bench/run}): a county of 100,000 children and 50,000 mentors
 * (500 schools of 200 children in 12 classes, 5 villages each; per school 40 teachers of whom 12 head a class, 50
 * 爱心妈妈, 10 village cadres; one child in twenty at 心级 4 needs a cadre and a teacher). It times the exact solver
 * ({@link Assigner#solve}) against a greedy baseline measured in the same run (each slot in turn takes the cheapest
 * mentor with room), and prints slots filled and cost of both. Target: exact solve under 2 s.
 * <p>
 * Arguments: {@code [children] [mentors] [runs]}, defaults 100000 50000 5.
 */
public final class AssignmentBench {
    private AssignmentBench() {
    }

    record Instance(List<Need> needs, List<Offer> offers) {
    }

    static Instance county(int children, int mentors, long seed) {
        Random r = new Random(seed);
        int schools = Math.max(1, children / 200);
        int mentorsPerSchool = Math.max(3, mentors / schools);
        List<Need> needs = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        int teacherOrMother = MentorKind.TEACHER.bit() | MentorKind.LOVING_MOTHER.bit();
        for (int s = 0; s < schools; s++) {
            String[] villages = new String[5];
            for (int v = 0; v < 5; v++) {
                villages[v] = "村" + s + "-" + v;
            }
            int kids = children / schools + (s < children % schools ? 1 : 0);
            for (int c = 0; c < kids; c++) {
                long id = (long) s * 1000 + c;
                long klass = (long) s * 100 + c % 12;
                String village = villages[r.nextInt(5)];
                if (r.nextInt(20) == 0) {
                    needs.add(new Need(id, s, klass, village, MentorKind.CADRE.bit()));
                    needs.add(new Need(id, s, klass, village, MentorKind.TEACHER.bit()));
                } else {
                    needs.add(new Need(id, s, klass, village, teacherOrMother));
                }
            }
            int teachers = mentorsPerSchool * 4 / 10;
            int cadres = mentorsPerSchool / 10;
            int mothers = mentorsPerSchool - teachers - cadres;
            int m = 0;
            for (int t = 0; t < teachers; t++, m++) {
                offers.add(new Offer((long) s * 1000 + m, s, t < 12 ? (long) s * 100 + t : -1, null, MentorKind.TEACHER, r.nextInt(2), 3));
            }
            for (int t = 0; t < mothers; t++, m++) {
                offers.add(new Offer((long) s * 1000 + m, s, -1, villages[t % 5], MentorKind.LOVING_MOTHER, r.nextInt(2), 4));
            }
            for (int t = 0; t < cadres; t++, m++) {
                offers.add(new Offer((long) s * 1000 + m, s, -1, villages[t % 5], MentorKind.CADRE, 0, 2));
            }
        }
        return new Instance(needs, offers);
    }

    /** The baseline: each slot in turn takes the cheapest admissible mentor with room (nearness + load). */
    static Result greedy(List<Need> needs, List<Offer> offers, Weights w) {
        Map<Long, List<Integer>> bySchool = new HashMap<>();
        Map<String, List<Integer>> cadresByVillage = new HashMap<>();
        for (int j = 0; j < offers.size(); j++) {
            Offer o = offers.get(j);
            if (o.kind() == MentorKind.CADRE) {
                cadresByVillage.computeIfAbsent(o.village(), k -> new ArrayList<>()).add(j);
            } else {
                bySchool.computeIfAbsent(o.school(), k -> new ArrayList<>()).add(j);
            }
        }
        int[] load = new int[offers.size()];
        for (int j = 0; j < offers.size(); j++) {
            load[j] = offers.get(j).load();
        }
        int[] offerOf = new int[needs.size()];
        Arrays.fill(offerOf, -1);
        int assigned = 0;
        for (int i = 0; i < needs.size(); i++) {
            Need n = needs.get(i);
            List<Integer> cands = (n.kinds() & MentorKind.CADRE.bit()) != 0 ? cadresByVillage.getOrDefault(n.village(), List.of())
                    : bySchool.getOrDefault(n.school(), List.of());
            int best = -1;
            long bestCost = Long.MAX_VALUE;
            for (int j : cands) {
                Offer o = offers.get(j);
                if (load[j] >= o.capacity()) {
                    continue;
                }
                int e = Assigner.edgeCost(n, o, w);
                if (e < 0) {
                    continue;
                }
                long c = e + (long) w.perLoad() * (load[j] + 1);
                if (c < bestCost) {
                    bestCost = c;
                    best = j;
                }
            }
            if (best >= 0) {
                offerOf[i] = best;
                load[best]++;
                assigned++;
            }
        }
        return new Result(offerOf, assigned, Assigner.cost(needs, offers, offerOf, w));
    }

    public static void main(String[] args) {
        int children = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int mentors = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Weights w = Weights.defaults();
        Instance in = county(children, mentors, 20261123L);
        System.out.printf(Locale.ROOT, "Load average at start: %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "Instance: %,d children, %,d mentors, %,d open slots; %d CPUs, Java %s%n", children,
                in.offers().size(), in.needs().size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // warm-up
        for (int k = 0; k < 2; k++) {
            Assigner.solve(in.needs(), in.offers(), w);
            greedy(in.needs(), in.offers(), w);
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] exactMs = new long[runs];
        long[] greedyMs = new long[runs];
        long[] exactCpu = new long[runs];
        long[] greedyCpu = new long[runs];
        Result exact = null;
        Result base = null;
        for (int k = 0; k < runs; k++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            exact = Assigner.solve(in.needs(), in.offers(), w);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            base = greedy(in.needs(), in.offers(), w);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            exactMs[k] = (t1 - t0) / 1_000_000;
            greedyMs[k] = (t2 - t1) / 1_000_000;
            exactCpu[k] = (c1 - c0) / 1_000_000;
            greedyCpu[k] = (c2 - c1) / 1_000_000;
        }
        Arrays.sort(exactMs);
        Arrays.sort(greedyMs);
        Arrays.sort(exactCpu);
        Arrays.sort(greedyCpu);
        long em = exactMs[runs / 2];
        long gm = greedyMs[runs / 2];
        System.out.println();
        System.out.println("| method                         | median ms | min ms | max ms | median CPU ms | slots filled | cost      | time vs greedy |");
        System.out.println("|--------------------------------|----------:|-------:|-------:|--------------:|-------------:|----------:|---------------:|");
        System.out.printf(Locale.ROOT, "| greedy baseline (same run)     | %9d | %6d | %6d | %13d | %12d | %9d | %14s |%n", gm, greedyMs[0],
                greedyMs[runs - 1], greedyCpu[runs / 2], base.assigned(), base.cost(), "1.00×");
        System.out.printf(Locale.ROOT, "| exact min-cost flow (Assigner) | %9d | %6d | %6d | %13d | %12d | %9d | %13.2f× |%n", em, exactMs[0],
                exactMs[runs - 1], exactCpu[runs / 2], exact.assigned(), exact.cost(), gm == 0 ? 0.0 : em / (double) gm);
        System.out.println();
        boolean better = exact.assigned() > base.assigned() || exact.assigned() == base.assigned() && exact.cost() <= base.cost();
        System.out.printf(Locale.ROOT, "exact ≥ greedy (more slots, or as many at no higher cost): %s; cost saved %.2f%%%n", better,
                base.assigned() == exact.assigned() ? 100.0 * (base.cost() - exact.cost()) / base.cost() : Double.NaN);
        System.out.printf(Locale.ROOT, "target: exact solve under 2000 ms: %s (median %d ms wall, %d ms CPU)%n", em < 2000 ? "MET" : "MISSED",
                em, exactCpu[runs / 2]);
        if (!better) {
            System.exit(1);
        }
    }
}
