package org.guanai.plugin.pairing.internal.assign;

import java.util.Arrays;

/**
 * Min-cost max-flow by successive shortest paths (Dijkstra on reduced costs with Johnson potentials; edge costs must
 * be non-negative). Exact: the flow it returns is maximum and, among maximum flows, of least cost.
 */
final class MinCostFlow {
    private final int n;
    private int[] head;
    private int[] next = new int[16];
    private int[] to = new int[16];
    private long[] cap = new long[16];
    private long[] cost = new long[16];
    private int edges;

    MinCostFlow(int nodes) {
        this.n = nodes;
        this.head = new int[nodes];
        Arrays.fill(head, -1);
    }

    /** @return the id of the forward edge; its reverse is {@code id ^ 1} */
    int addEdge(int from, int toNode, long capacity, long unitCost) {
        if (unitCost < 0) {
            throw new IllegalArgumentException("negative cost");
        }
        int id = edges;
        add(from, toNode, capacity, unitCost);
        add(toNode, from, 0, -unitCost);
        return id;
    }

    private void add(int u, int v, long c, long w) {
        if (edges == to.length) {
            int size = edges * 2;
            next = Arrays.copyOf(next, size);
            to = Arrays.copyOf(to, size);
            cap = Arrays.copyOf(cap, size);
            cost = Arrays.copyOf(cost, size);
        }
        to[edges] = v;
        cap[edges] = c;
        cost[edges] = w;
        next[edges] = head[u];
        head[u] = edges++;
    }

    /** Flow on a forward edge. */
    long flow(int edge) {
        return cap[edge ^ 1];
    }

    /** @return {flow, cost} */
    long[] solve(int s, int t) {
        long[] potential = new long[n];
        long[] dist = new long[n];
        int[] via = new int[n];
        long flow = 0;
        long total = 0;
        LongHeap heap = new LongHeap(Math.max(16, n));
        while (true) {
            Arrays.fill(dist, Long.MAX_VALUE);
            Arrays.fill(via, -1);
            dist[s] = 0;
            heap.clear();
            heap.push(0, s);
            while (!heap.isEmpty()) {
                long d = heap.topKey();
                int u = heap.pop();
                if (d > dist[u]) {
                    continue;
                }
                for (int e = head[u]; e >= 0; e = next[e]) {
                    if (cap[e] > 0) {
                        int v = to[e];
                        long nd = d + cost[e] + potential[u] - potential[v];
                        if (nd < dist[v]) {
                            dist[v] = nd;
                            via[v] = e;
                            heap.push(nd, v);
                        }
                    }
                }
            }
            if (dist[t] == Long.MAX_VALUE) {
                break;
            }
            for (int v = 0; v < n; v++) {
                if (dist[v] != Long.MAX_VALUE) {
                    potential[v] += dist[v];
                }
            }
            long push = Long.MAX_VALUE;
            for (int v = t; v != s; v = to[via[v] ^ 1]) {
                push = Math.min(push, cap[via[v]]);
            }
            for (int v = t; v != s; v = to[via[v] ^ 1]) {
                cap[via[v]] -= push;
                cap[via[v] ^ 1] += push;
                total += push * cost[via[v]];
            }
            flow += push;
        }
        return new long[] { flow, total };
    }

    /** A binary min-heap of (key, node). */
    private static final class LongHeap {
        private long[] keys;
        private int[] nodes;
        private int size;

        LongHeap(int capacity) {
            keys = new long[capacity];
            nodes = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long topKey() {
            return keys[0];
        }

        void push(long key, int node) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                nodes = Arrays.copyOf(nodes, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (keys[p] <= key) {
                    break;
                }
                keys[i] = keys[p];
                nodes[i] = nodes[p];
                i = p;
            }
            keys[i] = key;
            nodes[i] = node;
        }

        int pop() {
            int top = nodes[0];
            long key = keys[--size];
            int node = nodes[size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && keys[c + 1] < keys[c]) {
                    c++;
                }
                if (keys[c] >= key) {
                    break;
                }
                keys[i] = keys[c];
                nodes[i] = nodes[c];
                i = c;
            }
            keys[i] = key;
            nodes[i] = node;
            return top;
        }
    }
}
