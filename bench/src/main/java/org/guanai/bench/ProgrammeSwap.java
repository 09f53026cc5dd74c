package org.guanai.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The programme platform under load: the time from uploading a new programme to the first 200 on its route, and the
 * window in which a programme's route does not answer 200 while it is updated in place, seen by many concurrent clients.
 */
final class ProgrammeSwap {

    /**
     * @param uploadToFirst200Ms upload of the jar, enabling it for a school, and polling until its route answers 200
     * @param windowsMs          per update: from the first to the last non-200 answer any client saw around it (0: none)
     * @param updateMs           per update: how long the PUT took
     * @param statuses           answers of the programme route during the updates, by status
     * @param coreFailures       failed core requests ({@code /api/children/{id}}) during the updates
     * @param coreRequests       core requests during the updates
     * @param firstUnexpected    the first programme answer that was neither 200 nor 503, if any
     */
    record Result(double uploadToFirst200Ms, double[] windowsMs, double[] updateMs, Map<Integer, Long> statuses, long coreFailures,
            long coreRequests, String firstUnexpected) {
    }

    private ProgrammeSwap() {
    }

    static Result measure(Server g, byte[] template, long childId, int clients, int updates) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://127.0.0.1:" + g.port;
        String route = "/api/programmes/calls/children/" + childId + "/calls?school=1";

        long t0 = System.nanoTime();
        send(http, base, "POST", "/api/admin/bundles", "application/octet-stream", template, 201);
        send(http, base, "PUT", "/api/schools/1/programmes/calls", "application/json", "{\"enabled\":true}".getBytes(), 200);
        while (HttpConnection.getOnce(g.port, route, 30_000).status() != 200) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("the new programme's route did not answer 200 within 60 s");
            }
            Thread.sleep(1);
        }
        double uploadToFirst200 = (System.nanoTime() - t0) / 1e6;

        // clients: each on its own kept-alive connection, alternating a programme and a core request
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<long[]> failures = java.util.Collections.synchronizedList(new ArrayList<>()); // {nanoTime}
        AtomicLong coreRequests = new AtomicLong();
        AtomicLong coreFailures = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<String> unexpected = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                HttpConnection conn = null;
                try {
                    while (running.get()) {
                        try {
                            if (conn == null) {
                                conn = new HttpConnection(g.port, 30_000);
                            }
                            HttpConnection.Response r = conn.get(route);
                            statuses.merge(r.status(), 1L, Long::sum);
                            if (r.status() != 200) {
                                failures.add(new long[] { System.nanoTime() });
                                if (r.status() != 503) {
                                    unexpected.compareAndSet(null, r.status() + " " + r.text());
                                }
                            }
                            HttpConnection.Response core = conn.get("/api/children/" + childId);
                            coreRequests.incrementAndGet();
                            if (core.status() != 200) {
                                coreFailures.incrementAndGet();
                            }
                            if (r.close() || core.close()) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException e) {
                            statuses.merge(-1, 1L, Long::sum);
                            failures.add(new long[] { System.nanoTime() });
                            if (conn != null) {
                                try {
                                    conn.close();
                                } catch (IOException ignored) {
                                    // already broken
                                }
                            }
                            conn = null;
                        }
                    }
                } finally {
                    if (conn != null) {
                        try {
                            conn.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                    done.countDown();
                }
            }, "swap-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(2000); // every client connected and running
        long[][] spans = new long[updates][2];
        double[] updateMs = new double[updates];
        for (int i = 0; i < updates; i++) {
            byte[] jar = withVersion(template, "1.0." + (i + 1));
            long start = System.nanoTime();
            send(http, base, "PUT", "/api/admin/bundles/org.guanai.examples.calls", "application/octet-stream", jar, 200);
            long end = System.nanoTime();
            updateMs[i] = (end - start) / 1e6;
            spans[i][0] = start;
            spans[i][1] = end;
            Thread.sleep(1000); // the next update starts after every client saw this one settle
        }
        running.set(false);
        done.await();

        double[] windows = new double[updates];
        for (int i = 0; i < updates; i++) {
            long from = spans[i][0];
            long to = i + 1 < updates ? spans[i + 1][0] : Long.MAX_VALUE;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            synchronized (failures) {
                for (long[] f : failures) {
                    if (f[0] >= from && f[0] < to) {
                        first = Math.min(first, f[0]);
                        last = Math.max(last, f[0]);
                    }
                }
            }
            windows[i] = first == Long.MAX_VALUE ? 0 : (last - first) / 1e6;
        }
        return new Result(uploadToFirst200, windows, updateMs, statuses, coreFailures.get(), coreRequests.get(), unexpected.get());
    }

    private static void send(HttpClient http, String base, String method, String path, String type, byte[] body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", HttpConnection.AUTHORIZATION.substring("Authorization: ".length()))
                .header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream jo = new JarOutputStream(out, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    jo.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jo);
                    jo.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
