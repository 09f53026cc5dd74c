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
 * load level, with as many units as mentors that can reach that level. Need groups reach mentor groups through hubs
 * (the mentors of a kind in a class, a village, a school) at the hub's nearness cost, which keeps the network linear in
 * size; with monotone weights the cheapest route is the pair's nearness cost. The network falls apart into independent
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
            if (sameClass < 0 || sameVillage < sameClass || sameSchool < sameVillage || perLoad < 0) {
                throw new IllegalArgumentException("weights must satisfy 0 ≤ sameClass ≤ sameVillage ≤ sameSchool, perLoad ≥ 0");
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

    /** A hub: the mentors of one kind in one class, one village or one school (cadres: one village, any school). */
    private record HubKey(Nearness near, long school, long classId, String village, MentorKind kind) {
    }

    /** Solves the assignment exactly. */
    public static Result solve(List<Need> needs, List<Offer> offers, Weights w) {
        // 1. interchangeable needs and mentors form groups
        Map<NeedKey, Integer> needGroupOf = new HashMap<>();
        List<Need> ngRep = new ArrayList<>();
        int[] ngOfNeed = new int[needs.size()];
        int[] ngSize = new int[16];
        for (int i = 0; i < needs.size(); i++) {
            Need n = needs.get(i);
            NeedKey k = new NeedKey(n.school(), Math.max(-1, n.classId()), n.village(), n.kinds());
            Integer g = needGroupOf.get(k);
            if (g == null) {
                g = ngRep.size();
                needGroupOf.put(k, g);
                ngRep.add(n);
                if (g == ngSize.length) {
                    ngSize = Arrays.copyOf(ngSize, g * 2);
                }
            }
            ngSize[g]++;
            ngOfNeed[i] = g;
        }
        int ngCount = ngRep.size();
        int[][] ngList = new int[ngCount][];
        for (int g = 0; g < ngCount; g++) {
            ngList[g] = new int[ngSize[g]];
        }
        int[] fill = new int[ngCount];
        for (int i = 0; i < needs.size(); i++) {
            ngList[ngOfNeed[i]][fill[ngOfNeed[i]]++] = i;
        }

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

        // 2. hubs: each mentor group sits in its class hub, village hub and school hub (a cadre only in its village's);
        // a need group reaches a hub at the hub's nearness cost. With sameClass ≤ sameVillage ≤ sameSchool the cheapest
        // route to a mentor costs exactly edgeCost, and arcs grow linearly instead of (need groups × mentor groups).
        Map<HubKey, Integer> hubOf = new HashMap<>();
        List<List<Integer>> hubMembers = new ArrayList<>();
        for (int g = 0; g < ogCount; g++) {
            OfferKey k = offerKeys.get(g);
            List<HubKey> hubs = new ArrayList<>(3);
            if (k.kind() == MentorKind.CADRE) {
                if (k.village() != null) {
                    hubs.add(new HubKey(Nearness.SAME_VILLAGE, -1, -1, k.village(), k.kind()));
                }
            } else {
                if (k.classId() >= 0) {
                    hubs.add(new HubKey(Nearness.SAME_CLASS, k.school(), k.classId(), null, k.kind()));
                }
                if (k.village() != null) {
                    hubs.add(new HubKey(Nearness.SAME_VILLAGE, k.school(), -1, k.village(), k.kind()));
                }
                hubs.add(new HubKey(Nearness.SAME_SCHOOL, k.school(), -1, null, k.kind()));
            }
            for (HubKey h : hubs) {
                Integer id = hubOf.get(h);
                if (id == null) {
                    id = hubMembers.size();
                    hubOf.put(h, id);
                    hubMembers.add(new ArrayList<>());
                }
                hubMembers.get(id).add(g);
            }
        }
        int hubCount = hubMembers.size();
        // node numbering (global, then per component): need groups, hubs, mentor groups
        int hubBase = ngCount;
        int ogBase = ngCount + hubCount;
        int[] parent = new int[ngCount + hubCount + ogCount];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<int[]> arcs = new ArrayList<>(); // {need group, hub, cost}
        MentorKind[] kinds = MentorKind.values();
        for (int g = 0; g < ngCount; g++) {
            Need rep = ngRep.get(g);
            for (MentorKind kind : kinds) {
                if ((rep.kinds() & kind.bit()) == 0) {
                    continue;
                }
                if (kind == MentorKind.CADRE) {
                    addArc(arcs, parent, g, hubBase, hubOf.get(rep.village() == null ? null
                            : new HubKey(Nearness.SAME_VILLAGE, -1, -1, rep.village(), kind)), w.sameVillage());
                    continue;
                }
                if (rep.classId() >= 0) {
                    addArc(arcs, parent, g, hubBase, hubOf.get(new HubKey(Nearness.SAME_CLASS, rep.school(), rep.classId(), null, kind)),
                            w.sameClass());
                }
                if (rep.village() != null) {
                    addArc(arcs, parent, g, hubBase, hubOf.get(new HubKey(Nearness.SAME_VILLAGE, rep.school(), -1, rep.village(), kind)),
                            w.sameVillage());
                }
                addArc(arcs, parent, g, hubBase, hubOf.get(new HubKey(Nearness.SAME_SCHOOL, rep.school(), -1, null, kind)), w.sameSchool());
            }
        }
        for (int h = 0; h < hubCount; h++) {
            for (int og : hubMembers.get(h)) {
                union(parent, hubBase + h, ogBase + og);
            }
        }
        Map<Integer, List<int[]>> arcsByComponent = new HashMap<>();
        for (int[] a : arcs) {
            arcsByComponent.computeIfAbsent(find(parent, a[0]), r -> new ArrayList<>()).add(a);
        }

        // 3. solve each component exactly; 4. turn the flows into pairs
        int[] offerOf = new int[needs.size()];
        Arrays.fill(offerOf, -1);
        int[] ngNext = new int[ngCount];
        int[] current = new int[offers.size()];
        for (int j = 0; j < offers.size(); j++) {
            current[j] = offers.get(j).load();
        }
        @SuppressWarnings("unchecked")
        PriorityQueue<Integer>[] queues = new PriorityQueue[ogCount];
        int[] local = new int[parent.length];
        Arrays.fill(local, -1);
        for (List<int[]> compArcs : arcsByComponent.values()) {
            List<Integer> nodes = new ArrayList<>();
            List<Integer> compHubs = new ArrayList<>();
            List<Integer> compOgs = new ArrayList<>();
            for (int[] a : compArcs) {
                if (local[a[0]] < 0) {
                    local[a[0]] = nodes.size();
                    nodes.add(a[0]);
                }
                int hubNode = hubBase + a[1];
                if (local[hubNode] < 0) {
                    local[hubNode] = nodes.size();
                    nodes.add(hubNode);
                    compHubs.add(a[1]);
                }
            }
            for (int h : compHubs) {
                for (int og : hubMembers.get(h)) {
                    if (local[ogBase + og] < 0) {
                        local[ogBase + og] = nodes.size();
                        nodes.add(ogBase + og);
                        compOgs.add(og);
                    }
                }
            }
            int source = nodes.size();
            int sink = source + 1;
            MinCostFlow f = new MinCostFlow(sink + 1);
            for (int node : nodes) {
                if (node < hubBase) {
                    f.addEdge(source, local[node], ngList[node].length, 0);
                }
            }
            for (int og : compOgs) {
                // units per load level: mentors whose load is below the level and whose capacity reaches it
                int maxCap = 0;
                for (int j : ogMembers.get(og)) {
                    maxCap = Math.max(maxCap, offers.get(j).capacity());
                }
                int[] units = new int[maxCap + 2];
                for (int j : ogMembers.get(og)) {
                    Offer o = offers.get(j);
                    units[Math.max(0, o.load()) + 1]++;
                    units[o.capacity() + 1]--;
                }
                int running = 0;
                for (int lvl = 1; lvl <= maxCap; lvl++) {
                    running += units[lvl];
                    if (running > 0) {
                        f.addEdge(local[ogBase + og], sink, running, (long) w.perLoad() * lvl);
                    }
                }
            }
            List<int[]> hubOut = new ArrayList<>(); // {hub, og, edge}
            for (int h : compHubs) {
                for (int og : hubMembers.get(h)) {
                    hubOut.add(new int[] { h, og, f.addEdge(local[hubBase + h], local[ogBase + og], Integer.MAX_VALUE, 0) });
                }
            }
            int[] arcEdge = new int[compArcs.size()];
            for (int i = 0; i < compArcs.size(); i++) {
                int[] a = compArcs.get(i);
                arcEdge[i] = f.addEdge(local[a[0]], local[hubBase + a[1]], ngList[a[0]].length, a[2]);
            }
            f.solve(source, sink);
            // per hub: the units that came in from need groups go out to its mentor groups, in any order
            Map<Integer, List<long[]>> inflow = new HashMap<>();
            for (int i = 0; i < compArcs.size(); i++) {
                long flow = f.flow(arcEdge[i]);
                if (flow > 0) {
                    inflow.computeIfAbsent(compArcs.get(i)[1], k -> new ArrayList<>()).add(new long[] { compArcs.get(i)[0], flow });
                }
            }
            Map<Integer, Integer> inPos = new HashMap<>();
            for (int[] out : hubOut) {
                long flow = f.flow(out[2]);
                List<long[]> in = inflow.get(out[0]);
                int og = out[1];
                for (long u = 0; u < flow; u++) {
                    int pos = inPos.getOrDefault(out[0], 0);
                    while (in.get(pos)[1] == 0) {
                        pos++;
                    }
                    inPos.put(out[0], pos);
                    in.get(pos)[1]--;
                    int ng = (int) in.get(pos)[0];
                    PriorityQueue<Integer> q = queues[og];
                    if (q == null) {
                        q = new PriorityQueue<>((x, y) -> current[x] != current[y] ? Integer.compare(current[x], current[y])
                                : Integer.compare(x, y));
                        q.addAll(ogMembers.get(og));
                        queues[og] = q;
                    }
                    int need = ngList[ng][ngNext[ng]++];
                    int j = q.poll();
                    offerOf[need] = j;
                    current[j]++;
                    if (current[j] < offers.get(j).capacity()) {
                        q.add(j);
                    }
                }
            }
            for (int node : nodes) {
                local[node] = -1;
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

    private static void addArc(List<int[]> arcs, int[] parent, int ng, int hubBase, Integer hub, int cost) {
        if (hub != null) {
            arcs.add(new int[] { ng, hub, cost });
            union(parent, ng, hubBase + hub);
        }
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
