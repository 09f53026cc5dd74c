package org.guanai.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Closed-loop load: {@code clients} threads, each on its own kept-alive connection, send the next request as soon as
 * the last one is answered, first for a warm-up period (not counted) and then for the measured period. A request counts
 * (requests, latency) if it starts inside the measured period; requests still in flight at its end are waited for (up
 * to the read timeout). {@link Result#allErrors()} counts every failed request, warm-up and late ones included. Client
 * {@code i} sends only requests of kind {@code i % kinds}, so that a slow kind does not hold back the others (with more
 * kinds than clients, client {@code i} takes the kinds {@code i, i + clients, …} (mod kinds) in turn), and with several
 * servers (nodes on one database) only to server {@code i % servers}.
 */
final class Load {

    /** One kind of request: a name and a path drawn from a random source. */
    record Kind(String name, Function<SplittableRandom, String> path, String authorization) {
        /** As the county administrator. */
        Kind(String name, Function<SplittableRandom, String> path) {
            this(name, path, HttpConnection.AUTHORIZATION);
        }
    }

    /** What one kind of request did in the measured period. */
    record KindResult(String name, long requests, long errors, long[] sortedLatencyNanos) {
        double p(double percentile) {
            return Stats.percentile(sortedLatencyNanos, percentile) / 1e6;
        }
    }

    /** The outcome of a run. */
    record Result(double seconds, List<KindResult> kinds, long serverCpuNanos, long clientCpuNanos, long allErrors,
            String firstError, double drainSeconds) {
        long requests() {
            return kinds.stream().mapToLong(KindResult::requests).sum();
        }

        long errors() {
            return kinds.stream().mapToLong(KindResult::errors).sum();
        }

        double rps() {
            return requests() / seconds;
        }

        long[] allLatencies() {
            return kinds.stream().flatMapToLong(k -> java.util.Arrays.stream(k.sortedLatencyNanos())).sorted().toArray();
        }

        double p(double percentile) {
            return Stats.percentile(allLatencies(), percentile) / 1e6;
        }

        /** Server CPU per counted request, in microseconds. */
        double serverCpuMicrosPerRequest() {
            return serverCpuNanos < 0 || requests() == 0 ? Double.NaN : serverCpuNanos / 1e3 / requests();
        }
    }

    private Load() {
    }

    static Result run(Server server, int clients, Duration warmup, Duration measure, List<Kind> kinds, long seed,
            int timeoutMillis) throws InterruptedException {
        return run(List.of(server), clients, warmup, measure, kinds, seed, timeoutMillis);
    }

    /** The same, the clients split over {@code servers}; the server CPU is that of all of them. */
    static Result run(List<Server> servers, int clients, Duration warmup, Duration measure, List<Kind> kinds, long seed,
            int timeoutMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        long measureStart = t0 + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        int k = kinds.size();
        long[][] counts = new long[clients][k];
        long[][] errors = new long[clients][k];
        List<List<Stats.LongList>> latencies = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Stats.LongList> perThread = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                perThread.add(new Stats.LongList());
            }
            latencies.add(perThread);
        }
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicLong allErrors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + client);
                HttpConnection conn = null;
                int kind = client % k;
                Server server = servers.get(client % servers.size());
                try {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        if (k > clients) {
                            // more kinds than clients: each client takes its kinds in turn (client, client + clients, …)
                            kind = (kind + clients) % k;
                        }
                        Kind current = kinds.get(kind);
                        String path = current.path().apply(random);
                        boolean ok;
                        try {
                            if (conn == null) {
                                conn = new HttpConnection(server.port, timeoutMillis);
                            }
                            HttpConnection.Response r = conn.get(path, current.authorization());
                            ok = r.status() == 200;
                            if (!ok) {
                                firstError.compareAndSet(null, "GET " + path + " -> " + r.status() + " " + r.text());
                            }
                            if (r.close()) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException | RuntimeException e) {
                            ok = false;
                            firstError.compareAndSet(null, "GET " + path + " -> " + e);
                            closeQuietly(conn);
                            conn = null;
                        }
                        long stop = System.nanoTime();
                        if (!ok) {
                            allErrors.incrementAndGet();
                        }
                        if (start >= measureStart) {
                            counts[client][kind]++;
                            if (ok) {
                                latencies.get(kind).get(client).add(stop - start);
                            } else {
                                errors[client][kind]++;
                            }
                        }
                    }
                } finally {
                    closeQuietly(conn);
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        sleepUntil(measureStart);
        long serverCpu0 = cpuNanos(servers);
        long clientCpu0 = selfCpuNanos();
        sleepUntil(end);
        long serverCpu1 = cpuNanos(servers);
        long clientCpu1 = selfCpuNanos();
        done.await();
        List<KindResult> results = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            long n = 0;
            long e = 0;
            for (int c = 0; c < clients; c++) {
                n += counts[c][i];
                e += errors[c][i];
            }
            results.add(new KindResult(kinds.get(i).name(), n, e, Stats.LongList.sortedUnion(latencies.get(i))));
        }
        long serverCpu = serverCpu0 < 0 || serverCpu1 < 0 ? -1 : serverCpu1 - serverCpu0;
        long clientCpu = clientCpu0 < 0 || clientCpu1 < 0 ? -1 : clientCpu1 - clientCpu0;
        return new Result(measure.toNanos() / 1e9, results, serverCpu, clientCpu, allErrors.get(), firstError.get(),
                (System.nanoTime() - end) / 1e9);
    }

    /** The CPU of all {@code servers}, or -1 when one is unknown. */
    private static long cpuNanos(List<Server> servers) {
        long sum = 0;
        for (Server s : servers) {
            long n = s.cpuNanos();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private static long selfCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    private static void closeQuietly(HttpConnection c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
