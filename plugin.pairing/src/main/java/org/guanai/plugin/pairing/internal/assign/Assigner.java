package org.guanai.plugin.pairing.internal.assign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

import org.guanai.plugin.pairing.internal.rules.MentorKind;

/**
 * 结对方案: optimal assignment of mentors to the open slots of children.
 * <p>
 * Objective, in this order: (1) fill as many slots as possible; (2) least total cost, where a pair costs its nearness
 * (same class, same village, same school: {@link Weights}) and a mentor's k-th child costs {@code perLoad × k}, which
 * is convex in the load and so spreads children over mentors (load balancing). Rules: a mentor takes a slot only if
 * its kind is admitted by the slot, only children of its own school, except cadres (干部), who take children of their
 * own village in any school; never more children than its capacity.
 * <p>
 * Method: needs with the same (school, class, village, admitted kinds) and mentors with the same (school, class,
 * village, kind) are interchangeable, so they are merged into groups; a mentor group offers one arc to the sink per
 * load level, with as many units as mentors that can reach that level. The network falls apart into independent
 * components (a school and the villages of its cadres), each solved exactly by min-cost max-flow. The group flows are
 * turned back into pairs by giving each child of a group to the least-loaded mentor of the chosen group, which reaches
 * exactly the cost of the group flow. {@code AssignerTest} checks optimality against brute force.
 */
public final class Assigner {

    /**
     * One open slot of one child.
     *
     * @param child   the child (the caller's index or id)
     * @param school  the child's school
     * @param classId the child's class, or {@code -1}
     * @param village the child's village, or {@code null}
     * @param kinds   mask of admitted {@link MentorKind#bit()}s
     */
    public record Need(long child, long school, long classId, String village, int kinds) {
    }

    /**
     * One mentor.
     *
     * @param mentor   the mentor (the caller's index or id)
     * @param classId  the class the mentor is close to (a 班主任's class, a pupil's class), or {@code -1}
     * @param load     children the mentor already has
     * @param capacity the most children the mentor takes
     */
    public record Offer(long mentor, long school, long classId, String village, MentorKind kind, int load, int capacity) {
    }

    /** Costs: nearness of a pair and the price of each child on a mentor's load level. */
    public record Weights(int sameClass, int sameVillage, int sameSchool, int perLoad) {
        public Weights {
            if (sameClass < 0 || sameVillage < 0 || sameSchool < 0 || perLoad < 0) {
                throw new IllegalArgumentException("weights must be ≥ 0");
            }
        }

        public static Weights defaults() {
            return new Weights(0, 2, 4, 1);
        }
    }

    /**
     * @param offerOf  for each need (by position), the position of its offer, or {@code -1}
     * @param assigned how many needs got a mentor
     * @param cost     the objective's cost part
     */
    public record Result(int[] offerOf, int assigned, long cost) {
    }

    /** Why a pair is close: the cheapest nearness that applies. */
    public enum Nearness {
        SAME_CLASS, SAME_VILLAGE, SAME_SCHOOL
    }

    private Assigner() {
    }

    /** @return how near the mentor is to the child, or {@code null} if the mentor may not take this slot */
    public static Nearness nearness(Need n, Offer o) {
        if ((n.kinds() & o.kind().bit()) == 0) {
            return null;
        }
        boolean sameVillage = n.village() != null && n.village().equals(o.village());
        if (o.kind() == MentorKind.CADRE) {
            return sameVillage ? Nearness.SAME_VILLAGE : null;
        }
        if (n.school() != o.school()) {
            return null;
        }
        if (n.classId() >= 0 && n.classId() == o.classId()) {
            return Nearness.SAME_CLASS;
        }
        return sameVillage ? Nearness.SAME_VILLAGE : Nearness.SAME_SCHOOL;
    }

    /** @return the nearness cost, or {@code -1} if not admissible */
    public static int edgeCost(Need n, Offer o, Weights w) {
        Nearness near = nearness(n, o);
        if (near == null) {
            return -1;
        }
        return switch (near) {
            case SAME_CLASS -> w.sameClass();
            case SAME_VILLAGE -> w.sameVillage();
            case SAME_SCHOOL -> w.sameSchool();
        };
    }

    /**
     * The cost of an assignment, checking it: each pair admissible, no mentor over capacity.
     *
     * @throws IllegalArgumentException if the assignment breaks a rule
     */
    public static long cost(List<Need> needs, List<Offer> offers, int[] offerOf, Weights w) {
        long c = 0;
        int[] added = new int[offers.size()];
        for (int i = 0; i < needs.size(); i++) {
            if (offerOf[i] < 0) {
                continue;
            }
            Offer o = offers.get(offerOf[i]);
            int e = edgeCost(needs.get(i), o, w);
            if (e < 0) {
                throw new IllegalArgumentException("need " + i + " may not take offer " + offerOf[i]);
            }
            added[offerOf[i]]++;
            c += e + (long) w.perLoad() * (o.load() + added[offerOf[i]]);
            if (o.load() + added[offerOf[i]] > o.capacity()) {
                throw new IllegalArgumentException("offer " + offerOf[i] + " over capacity");
            }
        }
        // the k-th child of a mentor costs perLoad × k whatever the order, so the sum above is order-independent
        return c;
    }

    private record NeedKey(long school, long classId, String village, int kinds) {
    }

    private record OfferKey(long school, long classId, String village, MentorKind kind) {
    }

    /** Solves the assignment exactly. */
    public static Result solve(List<Need> needs, List<Offer> offers, Weights w) {
        // 1. groups
        Map<NeedKey, Integer> needGroupOf = new HashMap<>();
        List<NeedKey> needKeys = new ArrayList<>();
        List<int[]> needMembers = new ArrayList<>();
        int[] needCount = new int[0];
        List<Integer> ngSizes = new ArrayList<>();
        int[] ngOfNeed = new int[needs.size()];
        for (int i = 0; i < needs.size(); i++) {
            Need n = needs.get(i);
            NeedKey k = new NeedKey(n.school(), Math.max(-1, n.classId()), n.village(), n.kinds());
            Integer g = needGroupOf.get(k);
            if (g == null) {
                g = needKeys.size();
                needGroupOf.put(k, g);
                needKeys.add(k);
                ngSizes.add(0);
            }
            ngSizes.set(g, ngSizes.get(g) + 1);
            ngOfNeed[i] = g;
        }
        int ngCount = needKeys.size();
        int[][] ngList = new int[ngCount][];
        needCount = new int[ngCount];
        for (int g = 0; g < ngCount; g++) {
            ngList[g] = new int[ngSizes.get(g)];
        }
        for (int i = 0; i < needs.size(); i++) {
            ngList[ngOfNeed[i]][needCount[ngOfNeed[i]]++] = i;
        }
        needMembers.addAll(Arrays.asList(ngList));

        Map<OfferKey, Integer> offerGroupOf = new HashMap<>();
        List<OfferKey> offerKeys = new ArrayList<>();
        List<List<Integer>> ogMembers = new ArrayList<>();
        for (int j = 0; j < offers.size(); j++) {
            Offer o = offers.get(j);
            if (o.capacity() <= o.load()) {
                continue;
            }
            OfferKey k = new OfferKey(o.school(), Math.max(-1, o.classId()), o.village(), o.kind());
            Integer g = offerGroupOf.get(k);
            if (g == null) {
                g = offerKeys.size();
                offerGroupOf.put(k, g);
                offerKeys.add(k);
                ogMembers.add(new ArrayList<>());
            }
            ogMembers.get(g).add(j);
        }
        int ogCount = offerKeys.size();
        // index offer groups: non-cadres by school, cadres by village
        Map<Long, List<Integer>> bySchool = new HashMap<>();
        Map<String, List<Integer>> cadresByVillage = new HashMap<>();
        for (int g = 0; g < ogCount; g++) {
            OfferKey k = offerKeys.get(g);
            if (k.kind() == MentorKind.CADRE) {
                if (k.village() != null) {
                    cadresByVillage.computeIfAbsent(k.village(), v -> new ArrayList<>()).add(g);
                }
            } else {
                bySchool.computeIfAbsent(k.school(), v -> new ArrayList<>()).add(g);
            }
        }
        // 2. arcs between groups, and components (union-find over ng ∪ og)
        int[] parent = new int[ngCount + ogCount];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<int[]> arcs = new ArrayList<>(); // {ng, og, cost}
        for (int g = 0; g < ngCount; g++) {
            Need rep = needs.get(ngList[g][0]);
            List<Integer> cands = new ArrayList<>(bySchool.getOrDefault(rep.school(), List.of()));
            if (rep.village() != null && (rep.kinds() & MentorKind.CADRE.bit()) != 0) {
                cands.addAll(cadresByVillage.getOrDefault(rep.village(), List.of()));
            }
            for (int og : cands) {
                int c = edgeCost(rep, offers.get(ogMembers.get(og).get(0)), w);
                if (c >= 0) {
                    arcs.add(new int[] { g, og, c });
                    union(parent, g, ngCount + og);
                }
            }
        }
        Map<Integer, List<int[]>> arcsByComponent = new HashMap<>();
        for (int[] a : arcs) {
            arcsByComponent.computeIfAbsent(find(parent, a[0]), r -> new ArrayList<>()).add(a);
        }
        // 3. solve each component; 4. turn group flows into pairs
        int[] offerOf = new int[needs.size()];
        Arrays.fill(offerOf, -1);
        int[] ngNext = new int[ngCount];
        int[] current = new int[offers.size()];
        for (int j = 0; j < offers.size(); j++) {
            current[j] = offers.get(j).load();
        }
        @SuppressWarnings("unchecked")
        PriorityQueue<Integer>[] queues = new PriorityQueue[ogCount];
        for (List<int[]> compArcs : arcsByComponent.values()) {
            Map<Integer, Integer> localNg = new HashMap<>();
            Map<Integer, Integer> localOg = new HashMap<>();
            for (int[] a : compArcs) {
                localNg.putIfAbsent(a[0], localNg.size());
            }
            for (int[] a : compArcs) {
                localOg.putIfAbsent(a[1], localNg.size() + localOg.size());
            }
            int source = localNg.size() + localOg.size();
            int sink = source + 1;
            MinCostFlow f = new MinCostFlow(sink + 1);
            for (Map.Entry<Integer, Integer> e : localNg.entrySet()) {
                f.addEdge(source, e.getValue(), ngList[e.getKey()].length, 0);
            }
            for (Map.Entry<Integer, Integer> e : localOg.entrySet()) {
                // units per load level: mentors whose load is below the level and whose capacity reaches it
                Map<Integer, Integer> levels = new java.util.TreeMap<>();
                for (int j : ogMembers.get(e.getKey())) {
                    Offer o = offers.get(j);
                    for (int lvl = o.load() + 1; lvl <= o.capacity(); lvl++) {
                        levels.merge(lvl, 1, Integer::sum);
                    }
                }
                for (Map.Entry<Integer, Integer> l : levels.entrySet()) {
                    f.addEdge(e.getValue(), sink, l.getValue(), (long) w.perLoad() * l.getKey());
                }
            }
            int[] arcEdge = new int[compArcs.size()];
            for (int i = 0; i < compArcs.size(); i++) {
                int[] a = compArcs.get(i);
                arcEdge[i] = f.addEdge(localNg.get(a[0]), localOg.get(a[1]), ngList[a[0]].length, a[2]);
            }
            f.solve(source, sink);
            for (int i = 0; i < compArcs.size(); i++) {
                long flow = f.flow(arcEdge[i]);
                int[] a = compArcs.get(i);
                if (flow == 0) {
                    continue;
                }
                PriorityQueue<Integer> q = queues[a[1]];
                if (q == null) {
                    q = new PriorityQueue<>((x, y) -> current[x] != current[y] ? Integer.compare(current[x], current[y])
                            : Integer.compare(x, y));
                    q.addAll(ogMembers.get(a[1]));
                    queues[a[1]] = q;
                }
                for (long u = 0; u < flow; u++) {
                    int need = ngList[a[0]][ngNext[a[0]]++];
                    int j = q.poll();
                    offerOf[need] = j;
                    current[j]++;
                    if (current[j] < offers.get(j).capacity()) {
                        q.add(j);
                    }
                }
            }
        }
        int assigned = 0;
        for (int o : offerOf) {
            if (o >= 0) {
                assigned++;
            }
        }
        return new Result(offerOf, assigned, cost(needs, offers, offerOf, w));
    }

    private static int find(int[] p, int x) {
        while (p[x] != x) {
            p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) {
            p[ra] = rb;
        }
    }

    static boolean sameVillage(String a, String b) {
        return a != null && Objects.equals(a, b);
    }
}
