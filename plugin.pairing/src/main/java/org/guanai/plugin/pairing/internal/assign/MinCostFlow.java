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

    /**
     * Primal-dual: each phase finds shortest-path distances on reduced costs (Dijkstra), raises the potentials, and then
     * sends a maximum flow (Dinic) over all arcs of zero reduced cost at once. With small integer costs there are few
     * phases, so this is much faster than one augmenting path at a time, and as exact.
     *
     * @return {flow, cost}
     */
    long[] solve(int s, int t) {
        long[] potential = new long[n];
        long[] dist = new long[n];
        int[] level = new int[n];
        int[] iter = new int[n];
        int[] queue = new int[n];
        long flow = 0;
        LongHeap heap = new LongHeap(Math.max(16, n));
        while (true) {
            java.util.Arrays.fill(dist, Long.MAX_VALUE);
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
                            heap.push(nd, v);
                        }
                    }
                }
            }
            if (dist[t] == Long.MAX_VALUE) {
                break;
            }
            long dt = dist[t];
            for (int v = 0; v < n; v++) {
                potential[v] += Math.min(dist[v], dt);
            }
            // Dinic on the arcs of zero reduced cost
            while (true) {
                java.util.Arrays.fill(level, -1);
                int qh = 0;
                int qt = 0;
                queue[qt++] = s;
                level[s] = 0;
                while (qh < qt) {
                    int u = queue[qh++];
                    for (int e = head[u]; e >= 0; e = next[e]) {
                        int v = to[e];
                        if (cap[e] > 0 && level[v] < 0 && cost[e] + potential[u] - potential[v] == 0) {
                            level[v] = level[u] + 1;
                            queue[qt++] = v;
                        }
                    }
                }
                if (level[t] < 0) {
                    break;
                }
                System.arraycopy(head, 0, iter, 0, n);
                long f;
                while ((f = push(s, t, Long.MAX_VALUE, level, iter, potential)) > 0) {
                    flow += f;
                }
            }
        }
        long total = 0;
        for (int e = 0; e < edges; e += 2) {
            total += cap[e + 1] * cost[e];
        }
        return new long[] { flow, total };
    }

    /** Blocking-flow step: an augmenting path along rising levels and zero reduced cost (iterative DFS). */
    private long push(int s, int t, long limit, int[] level, int[] iter, long[] potential) {
        int[] pathEdge = new int[n];
        int depth = 0;
        int u = s;
        while (true) {
            if (u == t) {
                long f = limit;
                for (int i = 0; i < depth; i++) {
                    f = Math.min(f, cap[pathEdge[i]]);
                }
                for (int i = 0; i < depth; i++) {
                    cap[pathEdge[i]] -= f;
                    cap[pathEdge[i] ^ 1] += f;
                }
                return f;
            }
            boolean advanced = false;
            for (; iter[u] >= 0; iter[u] = next[iter[u]]) {
                int e = iter[u];
                int v = to[e];
                if (cap[e] > 0 && level[v] == level[u] + 1 && cost[e] + potential[u] - potential[v] == 0) {
                    pathEdge[depth++] = e;
                    u = v;
                    advanced = true;
                    break;
                }
            }
            if (!advanced) {
                if (depth == 0) {
                    return 0;
                }
                level[u] = -1; // dead end for this phase
                u = to[pathEdge[--depth] ^ 1];
                iter[u] = next[iter[u]];
            }
        }
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
