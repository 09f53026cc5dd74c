package org.guanai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Guanai benchmark (run it with {@code bench/run}). In one run it measures, against {@code guanai.jar} and the bare
 * {@code baseline.jar}: cold start to the first 200 on {@code /api/health}; {@code GET /api/children/{id}} throughput
 * and latency with concurrent keep-alive clients; and the heap Guanai needs to serve 100 000 children under
 * {@code -Xmx256m}. It prints the machine and one markdown table. Every server it starts, it stops. With
 * {@code --postgres} it measures Guanai on PostgreSQL with a million children instead, on one node and on two.
 */
public final class Bench {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    /** Settings, from {@code --name value} arguments. */
    record Options(Path guanai, Path baseline, Path results, int starts, int clients, Duration warmup, Duration idWarmup,
            Duration measure, int children, Duration heapLoad, int heapClients, int heapTimeoutSeconds, String heapXmx, List<String> guanaiJvm,
            List<String> baselineJvm, double quietCores, Duration quietBudget, boolean keep, int swapClients, int swapUpdates,
            int importRows, boolean importOnly, boolean postgres, String postgresUrl, int pgChildren, List<String> pgSettings) {

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            boolean keep = false;
            boolean quick = false;
            boolean importOnly = false;
            boolean postgres = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--keep" -> keep = true;
                    case "--quick" -> quick = true;
                    case "--import-only" -> importOnly = true;
                    case "--postgres" -> postgres = true;
                    case "--help", "-h" -> {
                        System.out.println(usage());
                        System.exit(0);
                    }
                    default -> {
                        if (!a.startsWith("--") || i + 1 >= args.length) {
                            throw new IllegalArgumentException("unknown argument " + a + "\n" + usage());
                        }
                        m.put(a.substring(2), args[++i]);
                    }
                }
            }
            Options o = new Options(Path.of(m.getOrDefault("guanai", "launcher/target/guanai.jar")),
                    Path.of(m.getOrDefault("baseline", "bench/target/baseline.jar")),
                    Path.of(m.getOrDefault("results", "bench/results")),
                    Integer.parseInt(m.getOrDefault("starts", quick ? "1" : "5")),
                    Integer.parseInt(m.getOrDefault("clients", "16")),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("warmup", quick ? "2" : "5"))),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("id-warmup", quick ? "2" : "40"))),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("measure", quick ? "3" : "10"))),
                    Integer.parseInt(m.getOrDefault("children", quick ? "5000" : "100000")),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("heap-seconds", quick ? "3" : "10"))),
                    Integer.parseInt(m.getOrDefault("heap-clients", "16")),
                    Integer.parseInt(m.getOrDefault("heap-timeout", "60")),
                    m.getOrDefault("xmx", "256m"), words(m.get("guanai-jvm")), words(m.get("baseline-jvm")),
                    Double.parseDouble(m.getOrDefault("quiet-cores", "0.25")),
                    Duration.ofSeconds(Long.parseLong(m.getOrDefault("quiet-budget", "180"))), keep,
                    Integer.parseInt(m.getOrDefault("swap-clients", quick ? "20" : "200")),
                    Integer.parseInt(m.getOrDefault("swap-updates", quick ? "3" : "20")),
                    Integer.parseInt(m.getOrDefault("import-rows", quick ? "5000" : "100000")), importOnly,
                    postgres || m.containsKey("postgres-url"), m.get("postgres-url"),
                    Integer.parseInt(m.getOrDefault("pg-children", quick ? "20000" : "1000000")), words(m.get("pg-settings")));
            if (o.starts < 1 || o.clients < 1 || o.heapClients < 1 || o.children < 1 || o.children > 1_000_000
                    || o.pgChildren < 1 || o.pgChildren > 1_000_000) {
                throw new IllegalArgumentException("starts, clients, heap-clients ≥ 1; 1 ≤ children, pg-children ≤ 1000000");
            }
            return o;
        }

        private static List<String> words(String s) {
            return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }

        static String usage() {
            return """
                    usage: Bench [--guanai launcher/target/guanai.jar] [--baseline bench/target/baseline.jar]
                                 [--results bench/results] [--starts 5] [--clients 16] [--warmup 5] [--id-warmup 40] [--measure 10]
                                 [--children 100000] [--heap-seconds 10] [--heap-clients 16] [--heap-timeout 60]
                                 [--xmx 256m] [--guanai-jvm "ARGS"] [--baseline-jvm "ARGS"] [--quiet-cores 0.25]
                                 [--quiet-budget 180] [--keep] [--quick] [--import-rows 100000] [--import-only]
                                 [--postgres] [--postgres-url URL] [--pg-children 1000000] [--pg-settings "name=value …"]
                      --quick         1 start, 2+3 s load, 5000 children: a smoke run of the whole benchmark
                      --id-warmup     warm-up of the by-id rows: both JVMs' JIT at its steady state (Guanai's
                                      hot path takes about 35 s of C2 compiling on 2 cores shared with the clients)
                      --heap-timeout  seconds a request of the heap phase may take before it counts as failed
                      --swap-clients  clients during the programme updates (200); --swap-updates how many updates (20)
                      --guanai-jvm    extra JVM options for every guanai.jar start (e.g. a JFR recording to profile)
                      --quiet-cores   before each measurement, wait until other processes use fewer cores than this
                      --quiet-budget  seconds the whole run may spend waiting for that (then it measures anyway)
                      --import-rows   rows of the roster import row (100000); --import-only runs that row alone
                      --postgres      the PostgreSQL rows alone (1 000 000 children bulk-loaded; by id, search by name, a deep
                                      page of a class; one node, then two): on a cluster the runner starts (initdb + pg_ctl
                                      in a temporary folder) or, with --postgres-url jdbc:postgresql://host:port/db?user=…&password=…,
                                      in a database it creates there (the role must be allowed to) and drops at the end
                      --pg-children   children of the PostgreSQL rows (1000000); --pg-settings more settings of its own cluster
                      --keep          keep the temporary data directories (and the database made on --postgres-url)""";
        }
    }

    private final Options o;
    private final Path work;
    private final List<String> notes = new ArrayList<>();
    private final CpuMeter.Quiet quiet;

    private Bench(Options o, Path work) {
        this.o = o;
        this.work = work;
        this.quiet = new CpuMeter.Quiet(o.quietCores, o.quietBudget);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        for (Path jar : o.postgres ? List.of(o.guanai) : List.of(o.guanai, o.baseline)) {
            if (!Files.isRegularFile(jar)) {
                System.err.println("missing " + jar + ": build first (mvn -q -B -DskipTests package)");
                System.exit(2);
            }
        }
        Files.createDirectories(o.results);
        Path work = Files.createTempDirectory("guanai-bench-");
        long started = System.nanoTime();
        // the PostgreSQL rows bulk-load a million children first
        int minutes = o.postgres ? 60 : 20;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(minutes).toMillis());
                System.err.println("bench: still running after " + minutes + " minutes: stopping every server and giving up");
                Server.stopAll();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        boolean ok = false;
        try {
            Bench bench = new Bench(o, work);
            if (o.postgres) {
                bench.runPostgres();
            } else if (o.importOnly) {
                bench.runImportOnly();
            } else {
                bench.run();
            }
            ok = true;
        } finally {
            Server.stopAll();
            watchdog.interrupt();
            if (o.keep || !ok) {
                System.err.println("bench: data and logs kept in " + work);
            } else {
                deleteTree(work);
            }
            System.err.printf(Locale.ROOT, "bench: %s in %.0f s%n", ok ? "done" : "FAILED", (System.nanoTime() - started) / 1e9);
        }
    }

    private void run() throws Exception {
        List<String> machine = Machine.describe();
        progress("machine: " + String.join("; ", machine));

        // 1. Cold starts, Guanai and baseline interleaved so that drifts of the machine hit both alike.
        long[] guanaiStarts = new long[o.starts];
        long[] baselineStarts = new long[o.starts];
        List<Map<String, Long>> guanaiPhases = new ArrayList<>();
        List<Map<String, Long>> baselinePhases = new ArrayList<>();
        double[] guanaiForeign = new double[o.starts];
        double[] baselineForeign = new double[o.starts];
        for (int i = 0; i < o.starts; i++) {
            Path data = work.resolve("cold-" + i);
            quiet.await("a cold start");
            try (Server g = startGuanai("cold-guanai-" + i, data, false, List.of())) {
                CpuMeter meter = CpuMeter.start(g);
                guanaiStarts[i] = Math.round(g.awaitOk("/api/health", Duration.ofSeconds(120)));
                guanaiForeign[i] = meter.foreignCores();
                guanaiPhases.add(g.logEvents(guanaiEvents()));
            }
            quiet.await("a cold start");
            try (Server b = startBaseline("cold-baseline-" + i, null, List.of())) {
                CpuMeter meter = CpuMeter.start(b);
                baselineStarts[i] = Math.round(b.awaitOk("/api/health", Duration.ofSeconds(120)));
                baselineForeign[i] = meter.foreignCores();
                baselinePhases.add(b.logEvents(Map.of("jetty", "Started Jetty")));
            }
            progress(String.format(Locale.ROOT, "cold start %d/%d: guanai %d ms, baseline %d ms", i + 1, o.starts,
                    guanaiStarts[i], baselineStarts[i]));
        }
        // A restart of the first cold start's data directory: the database exists and its schema is current.
        double restart;
        quiet.await("a restart");
        try (Server g = startGuanai("restart-guanai", work.resolve("cold-0"), false, List.of())) {
            restart = g.awaitOk("/api/health", Duration.ofSeconds(120));
        }
        progress(String.format(Locale.ROOT, "restart on an existing data directory: %.0f ms", restart));
        double guanaiCold = Stats.median(guanaiStarts);
        double baselineCold = Stats.median(baselineStarts);

        // 2. Throughput: Guanai with its demo county (also the cold start with demo loading), then the bare servlet
        // of the baseline on the same H2 file once Guanai has stopped.
        Path data = work.resolve("data");
        double demoStart;
        List<Long> ids = new ArrayList<>();
        String guanaiSample;
        Load.Result guanaiLoad;
        Machine.Heap guanaiHeap300;
        List<Long> teacherIds = new ArrayList<>();
        Load.Result teacherLoad;
        Map<String, Long> demoPhases;
        double demoForeign;
        double guanaiLoadForeign;
        double bareLoadForeign;
        quiet.await("the cold start with the demo county");
        try (Server g = startGuanai("guanai-demo", data, true, List.of())) {
            CpuMeter meter = CpuMeter.start(g);
            demoStart = g.awaitOk("/api/health", Duration.ofSeconds(300));
            demoForeign = meter.foreignCores();
            demoPhases = g.logEvents(guanaiEvents());
            progress(String.format(Locale.ROOT, "cold start with the demo county: %.0f ms", demoStart));
            HttpConnection.Response page = HttpConnection.getOnce(g.port, "/api/children?page=0&size=500", 30_000);
            check(page.status() == 200, "GET /api/children -> " + page.status() + " " + page.text());
            Matcher m = ID.matcher(page.text());
            while (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
            check(!ids.isEmpty(), "no demo children in " + page.text());
            guanaiSample = HttpConnection.getOnce(g.port, "/api/children/" + ids.get(0), 30_000).text();
            progress("load on guanai GET /api/children/{id}: " + o.clients + " clients, " + ids.size() + " ids, "
                    + o.idWarmup.toSeconds() + " s warm-up + " + o.measure.toSeconds() + " s");
            Measured measured = byId(g, "guanai", "child", "/api/children/", ids);
            guanaiLoad = measured.load();
            guanaiLoadForeign = measured.foreign();
            guanaiHeap300 = measured.heap();
            // the demo's class teacher (班主任 of the first class): her children, read masked and without an audit entry
            HttpConnection.Response mine = HttpConnection.getOnce(g.port, "/api/children?page=0&size=500", 30_000, TEACHER);
            check(mine.status() == 200, "GET /api/children as the teacher -> " + mine.status() + " " + mine.text());
            Matcher tm = ID.matcher(mine.text());
            while (tm.find()) {
                teacherIds.add(Long.parseLong(tm.group(1)));
            }
            check(!teacherIds.isEmpty(), "the demo teacher sees no child: " + mine.text());
            progress("load on guanai GET /api/children/{id} as the class teacher: " + teacherIds.size() + " ids");
            Measured asTeacher = byId(g, "guanai as the teacher", "child", "/api/children/", teacherIds, TEACHER);
            teacherLoad = asTeacher.load();
        }
        Load.Result bareLoad;
        Machine.Heap baselineHeap;
        String bareSample;
        try (Server b = startBaseline("baseline-bare", BulkLoad.url(data), List.of("-Dbench.jdbc.password.file=" + BulkLoad.passwordFile(data)))) {
            b.awaitOk("/api/health", Duration.ofSeconds(120));
            bareSample = HttpConnection.getOnce(b.port, "/bare/children/" + ids.get(0), 30_000).text();
            progress("load on baseline GET /bare/children/{id}");
            Measured measured = byId(b, "baseline", "bare", "/bare/children/", ids);
            bareLoad = measured.load();
            bareLoadForeign = measured.foreign();
            baselineHeap = measured.heap();
        }
        boolean sameBody = guanaiSample.equals(bareSample);
        if (!sameBody) {
            notes.add("The bare servlet's JSON differs from Guanai's for child " + ids.get(0) + ":\n    guanai: " + guanaiSample
                    + "\n    bare:   " + bareSample);
        }

        // 3. Heap with many children under -Xmx256m.
        progress("bulk-loading " + o.children + " children (with a parent and a guardian each) into the H2 file");
        BulkLoad.Summary bulk = BulkLoad.load(data, o.children, 42);
        progress(String.format(Locale.ROOT, "loaded %d children, %d parents, %d guardians in %d ms (%d children in all)",
                bulk.children(), bulk.parents(), bulk.guardians(), bulk.millis(), bulk.totalChildren()));
        Load.Result heapLoad;
        Machine.Heap heap;
        Machine.Gc gc;
        boolean aliveAfter;
        boolean oom;
        long total;
        long rssKb;
        double bigStart;
        Scale.School school;
        Load.Result listLoad;
        Load.Result routeLoad;
        long peakRssKb;
        List<String> routesLeftOut = new ArrayList<>();
        boolean oomLater;
        long rssAfterKb;
        try (Server g = startGuanai("guanai-" + o.children, data, true, List.of("-Xmx" + o.heapXmx))) {
            bigStart = g.awaitOk("/api/health", Duration.ofSeconds(300));
            HttpConnection.Response first = HttpConnection.getOnce(g.port, "/api/children?page=0&size=1", 60_000);
            check(first.status() == 200, "GET /api/children -> " + first.status() + " " + first.text());
            Matcher t = TOTAL.matcher(first.text());
            check(t.find(), "no total in " + first.text());
            total = Long.parseLong(t.group(1));
            long pages = Math.max(1, (total + 99) / 100);
            long maxId = ids.stream().mapToLong(Long::longValue).max().orElse(1) + o.children;
            progress("load on guanai -Xmx" + o.heapXmx + ": " + total + " children, " + o.heapClients + " clients (half on random"
                    + " pages of 100, half on random ids), " + o.heapLoad.toSeconds() + " s");
            heapLoad = Load.run(g, o.heapClients, Duration.ZERO, o.heapLoad, List.of(
                    new Load.Kind("page", r -> "/api/children?page=" + r.nextLong(pages) + "&size=100"),
                    new Load.Kind("child", r -> "/api/children/" + (1 + r.nextLong(maxId)))), 2, o.heapTimeoutSeconds * 1000);
            gc = Machine.gc(g.pid());
            heap = Machine.heapAfterFullGc(g.pid());
            rssKb = Machine.rssKb(g.pid());
            aliveAfter = g.alive();
            oom = g.logText().contains("OutOfMemoryError");
            progress(summary("guanai -Xmx" + o.heapXmx, heapLoad) + String.format(Locale.ROOT, ", heap used after full GC %.1f MiB",
                    heap.usedMiB()));

            // 3b. Lists at scale (the children page's requests) and every programme route a page calls, on the same
            // server: the lists alone with 16 clients, then the programme routes mixed with lists and ids.
            Scale.School s1 = Scale.school(g.port, 1);
            school = s1;
            List<Load.Kind> lists = Scale.lists(s1);
            List<Load.Kind> routes = Scale.programmeRoutes(s1, notes);
            progress("lists at scale, school 1 with " + school.total() + " children: one of each, then " + o.heapClients
                    + " clients, " + o.heapLoad.toSeconds() + " s");
            Scale.probe(g.port, lists, notes, o.heapTimeoutSeconds * 1000, false);
            quiet.await("the lists at scale", g);
            listLoad = Load.run(g, o.heapClients, Duration.ofSeconds(Math.min(5, o.warmup.toSeconds())), o.heapLoad, lists, 3,
                    o.heapTimeoutSeconds * 1000);
            progress(summary("lists", listLoad));
            progress("programme routes: one of each, then mixed with lists and ids, " + o.heapClients + " clients");
            List<Load.Kind> answering = Scale.probe(g.port, routes, notes, 20_000, true);
            List<Load.Kind> mixed = new ArrayList<>(answering);
            mixed.addAll(lists);
            mixed.add(new Load.Kind("child by id", r -> "/api/children/" + s1.children().get(r.nextInt(s1.children().size()))));
            quiet.await("the programme routes", g);
            routes.stream().filter(k -> !answering.contains(k)).forEach(k -> routesLeftOut.add(k.name()));
            routeLoad = Load.run(g, o.heapClients, Duration.ofSeconds(Math.min(5, o.warmup.toSeconds())), o.heapLoad.multipliedBy(2),
                    mixed, 4, o.heapTimeoutSeconds * 1000);
            progress(summary("programme routes, mixed", routeLoad));
            peakRssKb = Machine.peakRssKb(g.pid());
            rssAfterKb = Machine.rssKb(g.pid());
            oomLater = !g.alive() || g.logText().contains("OutOfMemoryError");
        }
        boolean heapPass = heapLoad.allErrors() == 0 && aliveAfter && !oom && heap.usedKb() >= 0 && total >= o.children;

        // 4. The programme platform: upload to first 200, and the route's unavailable window during in-place updates
        // under many concurrent clients, with the template programme built by the examples module.
        ProgrammeSwap.Result swap;
        Path template = Path.of("examples/target/it/programme-template/target/programme-template-1.0.0.jar");
        check(Files.isRegularFile(template), "no " + template + ": build the reactor first (mvn -DskipTests package)");
        int swapClients = o.swapClients();
        int swapUpdates = o.swapUpdates();
        quiet.await("the programme swap");
        try (Server g = startGuanai("guanai-swap", work.resolve("swap"), true, List.of())) {
            g.awaitOk("/api/health", Duration.ofSeconds(300));
            HttpConnection.Response one = HttpConnection.getOnce(g.port, "/api/children?school=1&size=1", 30_000);
            Matcher m = ID.matcher(one.text());
            check(m.find(), "no child in school 1: " + one.text());
            progress("programme swap: upload, then " + swapUpdates + " updates with " + swapClients + " clients");
            swap = ProgrammeSwap.measure(g, Files.readAllBytes(template), Long.parseLong(m.group(1)), swapClients, swapUpdates);
            progress(String.format(Locale.ROOT, "programme swap: first 200 %.0f ms after upload; windows %s ms; %s",
                    swap.uploadToFirst200Ms(), java.util.Arrays.toString(swap.windowsMs()), swap.statuses()));
            if (swap.firstUnexpected() != null) {
                notes.add("During the programme updates a client got: " + swap.firstUnexpected());
            }
        }

        // 5. The roster import (issue 16) against a raw JDBC batch insert of the same rows.
        ImportRow imported = importRow();

        // The report.
        Path logs = o.results;
        copyLogs(logs);
        StringBuilder out = new StringBuilder();
        out.append("## Guanai benchmark, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append("\n\nMachine:\n\n");
        machine.forEach(l -> out.append("- ").append(l).append('\n'));
        out.append('\n');
        out.append("| measurement | Guanai | baseline | ratio | target | pass/fail |\n");
        out.append("|---|---:|---:|---:|---|---|\n");
        double startRatio = guanaiCold / baselineCold;
        row(out, "first start to first 200 on /api/health (installs the shipped programmes), median of " + o.starts
                + " (GUANAI_DEMO=false)", ms(guanaiCold), ms(baselineCold), ratio(startRatio), "≤ 2", pass(startRatio <= 2));
        row(out, "restart on an existing data dir (database there, schema current), 1 start", ms(restart), ms(baselineCold),
                ratio(restart / baselineCold), "≤ 1.5", pass(restart / baselineCold <= 1.5));
        row(out, "first start with demo loading (300 children), 1 start", ms(demoStart), ms(baselineCold),
                ratio(demoStart / baselineCold), "≤ 3", pass(demoStart / baselineCold <= 3));
        double rpsRatio = guanaiLoad.rps() / bareLoad.rps();
        row(out, "GET child by id as the county administrator (audited), " + o.clients + " clients, req/s (" + o.measure.toSeconds()
                + " s after " + o.idWarmup.toSeconds() + " s warm-up)", rps(guanaiLoad), rps(bareLoad), ratio(rpsRatio), "≥ 0.8",
                pass(rpsRatio >= 0.8));
        double teacherRatio = teacherLoad.rps() / bareLoad.rps();
        row(out, "GET child by id as the class teacher (masked, no audit entry), " + o.clients + " clients, req/s (her "
                + teacherIds.size() + " children)", rps(teacherLoad), rps(bareLoad), ratio(teacherRatio), "≥ 0.9",
                pass(teacherRatio >= 0.9 && teacherLoad.allErrors() == 0));
        row(out, "  latency p50", lat(guanaiLoad.p(50)), lat(bareLoad.p(50)), ratio(guanaiLoad.p(50) / bareLoad.p(50)), "—", "info");
        row(out, "  latency p99", lat(guanaiLoad.p(99)), lat(bareLoad.p(99)), ratio(guanaiLoad.p(99) / bareLoad.p(99)), "—", "info");
        row(out, "  server CPU per request", us(guanaiLoad.serverCpuMicrosPerRequest()), us(bareLoad.serverCpuMicrosPerRequest()),
                ratio(guanaiLoad.serverCpuMicrosPerRequest() / bareLoad.serverCpuMicrosPerRequest()), "—", "info");
        row(out, "  failed requests (warm-up included)", Long.toString(guanaiLoad.allErrors()), Long.toString(bareLoad.allErrors()),
                "—", "0", pass(guanaiLoad.allErrors() == 0 && bareLoad.allErrors() == 0));
        row(out, "heap used after full GC, after the req/s load (300 children)", mib(guanaiHeap300), mib(baselineHeap),
                ratio(guanaiHeap300.usedMiB() / baselineHeap.usedMiB()), "—", "info");
        Load.KindResult pagesResult = heapLoad.kinds().get(0);
        Load.KindResult byId = heapLoad.kinds().get(1);
        row(out, String.format(Locale.ROOT, "heap used after full GC, %,d children, -Xmx%s, after %d s of paging + ids",
                total, o.heapXmx, o.heapLoad.toSeconds()), mib(heap), "—", "—", "serves under -Xmx" + o.heapXmx
                + ": no failed request, no OOM", pass(heapPass));
        row(out, String.format(Locale.ROOT, "  requests done / failed; OOM; GCs"),
                String.format(Locale.ROOT, "%d / %d; %s; %s", heapLoad.requests(), heapLoad.allErrors(),
                        !aliveAfter ? "process DIED" : oom ? "OutOfMemoryError logged" : "none",
                        gc.full() < 0 ? "n/a" : String.format(Locale.ROOT, "%d full (%d young, %.1f s in GC since start)", gc.full(),
                                gc.young(), gc.seconds())), "—", "—", "0 failed", pass(heapPass));
        row(out, "  GET /api/children?page=N&size=100: p50 / p99, req/s", lat(pagesResult.p(50)) + " / " + lat(pagesResult.p(99))
                + ", " + String.format(Locale.ROOT, "%.1f", pagesResult.requests() / heapLoad.seconds()), "—", "—", "—", "info");
        row(out, "  GET /api/children/{id} meanwhile: p50 / p99, req/s", lat(byId.p(50)) + " / " + lat(byId.p(99)) + ", "
                + String.format(Locale.ROOT, "%.0f", byId.requests() / heapLoad.seconds()), "—", "—", "—", "info");
        row(out, String.format(Locale.ROOT, "peak RSS (VmHWM) of the -Xmx%s server after the %,d-children phases (RSS at the end)",
                o.heapXmx, total), String.format(Locale.ROOT, "%.0f MiB (%.0f MiB)", peakRssKb / 1024.0, rssAfterKb / 1024.0), "—", "—",
                "≤ 250 MiB", pass(peakRssKb > 0 && peakRssKb <= 250 * 1024));
        row(out, "  -Xmx" + o.heapXmx + " server alive, no OutOfMemoryError logged, after the lists and programme routes",
                oomLater ? "OutOfMemoryError or died" : "yes", "—", "—", "yes", pass(!oomLater));
        out.append(String.format(Locale.ROOT, "| lists at scale, school 1 (%,d children), %d clients, %d s | %.0f req/s | — | — | — | info |%n",
                school.total(), o.heapClients, o.heapLoad.toSeconds(), listLoad.rps()));
        Scale.rows(out, listLoad, 50, 200, "  ");
        out.append(String.format(Locale.ROOT, "| programme routes a page calls, mixed with the lists and ids, %d clients, %d s | %.0f req/s | — | — | — | info |%n",
                o.heapClients, o.heapLoad.toSeconds() * 2, routeLoad.rps()));
        Scale.rows(out, routeLoad, Double.NaN, 200, "  ");
        for (String left : routesLeftOut) {
            row(out, "  " + left + ": no answer within 20 s alone, left out of the load", "—", "—", "—", "p99 ≤ 200 ms", "FAIL");
        }
        long[] windows = java.util.Arrays.stream(swap.windowsMs()).mapToLong(Math::round).sorted().toArray();
        long[] updates = java.util.Arrays.stream(swap.updateMs()).mapToLong(Math::round).sorted().toArray();
        boolean swapPass = swap.coreFailures() == 0 && swap.statuses().keySet().stream().allMatch(c -> c == 200 || c == 503);
        row(out, "programme: upload of a new programme to the first 200 on its route (incl. enabling it for a school)",
                ms(swap.uploadToFirst200Ms()), "—", "—", "—", "info");
        row(out, "programme update in place, " + swapClients + " clients: route unavailable window, median / p99 of "
                + swapUpdates + " updates", ms(Stats.percentile(windows, 50)) + " / " + ms(Stats.percentile(windows, 99)), "—", "—",
                "only 503, core 0 failed", pass(swapPass));
        row(out, "  update request (PUT) duration, median / p99", ms(Stats.percentile(updates, 50)) + " / "
                + ms(Stats.percentile(updates, 99)), "—", "—", "—", "info");
        row(out, "  programme answers by status; core requests / failed", swap.statuses() + "; " + swap.coreRequests() + " / "
                + swap.coreFailures(), "—", "—", "—", "info");
        importRows(out, imported);
        out.append('\n');
        out.append("Cold start samples (ms, spawn of `java -jar` to first 200): guanai ").append(Arrays.toString(guanaiStarts))
                .append(", baseline ").append(Arrays.toString(baselineStarts)).append('\n');
        out.append("Guanai start phases (ms after spawn, median over the starts): ").append(medianPhases(guanaiPhases))
                .append("; health 200 at ").append(ms(guanaiCold)).append('\n');
        out.append("Baseline start phases (ms after spawn, median): ").append(medianPhases(baselinePhases)).append("; health 200 at ")
                .append(ms(baselineCold)).append('\n');
        out.append("Guanai start with demo loading, phases (ms after spawn): ").append(demoPhases).append('\n');
        out.append(String.format(Locale.ROOT, "Guanai start on %,d children with -Xmx%s: %.0f ms; RSS after the heap phase %.0f MiB; "
                + "last requests of the heap phase drained %.1f s after its end%n", total, o.heapXmx, bigStart, rssKb / 1024.0,
                heapLoad.drainSeconds()));
        out.append(String.format(Locale.ROOT, "Load generator CPU share during the measured window (2 cores = 200%%): "
                + "guanai run %.0f%%, bare run %.0f%%; server CPU guanai %.0f%%, bare %.0f%%%n",
                pct(guanaiLoad.clientCpuNanos(), guanaiLoad.seconds()), pct(bareLoad.clientCpuNanos(), bareLoad.seconds()),
                pct(guanaiLoad.serverCpuNanos(), guanaiLoad.seconds()), pct(bareLoad.serverCpuNanos(), bareLoad.seconds())));
        out.append("Same JSON from Guanai and the bare servlet for child ").append(ids.get(0)).append(": ")
                .append(sameBody ? "yes" : "no").append(" (").append(guanaiSample.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .append(" bytes)\n");
        out.append(String.format(Locale.ROOT, "Bulk load: %,d children + %,d parents + %,d guardians in %.1f s%n", bulk.children(),
                bulk.parents(), bulk.guardians(), bulk.millis() / 1000.0));
        for (Load.Result r : List.of(guanaiLoad, bareLoad, heapLoad, listLoad, routeLoad)) {
            if (r.firstError() != null) {
                notes.add("first failed request: " + r.firstError());
            }
        }
        out.append(String.format(Locale.ROOT, "Other processes' CPU during the measurements (cores of 2, /proc/stat minus the"
                + " benchmark's own processes): cold starts guanai %s, baseline %s; demo start %.2f; guanai load %.2f; bare load %.2f%n",
                cores(guanaiForeign), cores(baselineForeign), demoForeign, guanaiLoadForeign, bareLoadForeign));
        double worst = Math.max(Math.max(demoForeign, guanaiLoadForeign), bareLoadForeign);
        for (int i = 0; i < o.starts; i++) {
            worst = Math.max(worst, Math.max(guanaiForeign[i], baselineForeign[i]));
        }
        if (worst > o.quietCores) {
            notes.add(String.format(Locale.ROOT, "other processes used up to %.2f cores during a measurement: the numbers above are"
                    + " disturbed; run again on a quiet machine", worst));
        }
        out.append("Load average at the end (1/5/15 min): ").append(Machine.loadAverage())
                .append(" (anything else running on the machine during the run skews every number)\n");
        notes.forEach(n -> out.append("Note: ").append(n).append('\n'));
        out.append("Server logs: ").append(logs).append("/*.log\n");
        System.out.print(out);
        System.out.flush();
    }

    /** The roster import row: what it measured and how the -Xmx JVM fared. */
    private record ImportRow(ImportBench.Result result, boolean alive, boolean oom, Machine.Gc gc, double foreign) {
        boolean done() {
            return result.status().equals("DONE") && result.statusDocument().contains("\"created\":" + result.rows());
        }
    }

    /**
     * Starts Guanai once on a new data directory (demo county: school 1), copies the stopped directory, inserts the rows by
     * raw JDBC into the copy, then imports the same rows as an xlsx into the original through Guanai under -Xmx.
     */
    private ImportRow importRow() throws Exception {
        Path base = work.resolve("import");
        try (Server g = startGuanai("guanai-import-setup", base, true, List.of())) {
            g.awaitOk("/api/health", Duration.ofSeconds(300));
        }
        Path copy = work.resolve("import-jdbc");
        ImportBench.copyTree(base, copy);
        List<String[]> rows = ImportBench.rows(o.importRows, 7);
        byte[] file = ImportBench.xlsx(rows);
        quiet.await("the raw JDBC insert");
        progress("raw JDBC batch insert of " + rows.size() + " roster rows");
        double jdbcMs = ImportBench.jdbc(copy, rows);
        progress(String.format(Locale.ROOT, "raw JDBC: %.0f ms", jdbcMs));
        try (Server g = startGuanai("guanai-import", base, true, List.of("-Xmx" + o.heapXmx))) {
            g.awaitOk("/api/health", Duration.ofSeconds(300));
            quiet.await("the roster import", g);
            CpuMeter meter = CpuMeter.start(g);
            progress("roster import of " + rows.size() + " rows (" + file.length + " bytes of xlsx), -Xmx" + o.heapXmx);
            Object[] r = ImportBench.importOver(g, file, Duration.ofMinutes(15));
            double foreign = meter.foreignCores();
            progress(String.format(Locale.ROOT, "roster import: %.0f ms", (Double) r[0]));
            ImportBench.Result result = new ImportBench.Result(rows.size(), file.length, (Double) r[0],
                    String.valueOf(r[1]).replaceAll(".*\"status\":\"(\\w+)\".*", "$1"), String.valueOf(r[1]), jdbcMs, rows.size());
            return new ImportRow(result, g.alive(), g.logText().contains("OutOfMemoryError"), Machine.gc(g.pid()), foreign);
        }
    }

    private void importRows(StringBuilder out, ImportRow i) {
        ImportBench.Result r = i.result();
        double speed = r.jdbcMs() / r.importMs();
        row(out, String.format(Locale.ROOT, "roster import, %,d rows (xlsx %.1f MiB, 21 columns: child, class, 2 parents, guardian):"
                + " upload to DONE vs raw JDBC batch insert of the same rows, speed ratio", r.rows(), r.fileBytes() / 1048576.0),
                ms(r.importMs()), ms(r.jdbcMs()), ratio(speed), "≥ 0.5", pass(i.done() && speed >= 0.5));
        row(out, String.format(Locale.ROOT, "  the %,d-row xlsx read streaming and imported under -Xmx%s: status; OOM; GCs", r.rows(),
                o.heapXmx), r.status() + "; " + (!i.alive() ? "process DIED" : i.oom() ? "OutOfMemoryError logged" : "none") + "; "
                + (i.gc().full() < 0 ? "n/a" : String.format(Locale.ROOT, "%d full, %d young", i.gc().full(), i.gc().young())), "—",
                "—", "DONE, no OOM", pass(i.done() && i.alive() && !i.oom()));
        out.append(String.format(Locale.ROOT, "Roster import: other processes' CPU during the import %.2f cores%n", i.foreign()));
    }

    /** {@code --import-only}: the roster import row alone. */
    private void runImportOnly() throws Exception {
        List<String> machine = Machine.describe();
        ImportRow imported = importRow();
        copyLogs(o.results);
        StringBuilder out = new StringBuilder();
        out.append("## Guanai benchmark, roster import only, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\nMachine:\n\n");
        machine.forEach(l -> out.append("- ").append(l).append('\n'));
        out.append("\n| measurement | Guanai | baseline | ratio | target | pass/fail |\n|---|---:|---:|---:|---|---|\n");
        importRows(out, imported);
        System.out.print(out);
        System.out.flush();
    }

    /** One measured row of the PostgreSQL rows: a request kind on one or two nodes. */
    private record PgRow(String what, int nodes, Load.Result load, double foreign, double pgCores) {
        boolean pass() {
            return load.allErrors() == 0 && load.requests() > 0 && load.p(99) < 100;
        }
    }

    /**
     * {@code --postgres}: Guanai on PostgreSQL with {@code o.pgChildren} children. A database of its own (on a cluster the
     * runner starts, or on {@code --postgres-url}); Guanai started once on it with the demo county to create the schema
     * (and the schools and classes the bulk load fills), stopped; the bulk load (a parent and a guardian per child);
     * {@code VACUUM ANALYZE}; then, with {@code o.clients} clients, by id, a search by name and deep pages of the largest
     * class, each on one node and then split over two nodes on the same database. Writes the report to
     * {@code bench/results/postgres-1m.md} (for a million children) as well as to stdout.
     */
    private void runPostgres() throws Exception {
        List<String> machine = Machine.describe();
        progress("machine: " + String.join("; ", machine));
        String database = PgBench.databaseName();
        PgCluster cluster = null;
        PgBench.Admin admin = null;
        boolean created = false;
        try {
            Map<String, String> env = new LinkedHashMap<>();
            if (o.postgresUrl == null) {
                progress("starting a PostgreSQL cluster of the runner's own (initdb + pg_ctl)");
                cluster = PgCluster.start(o.pgSettings);
                admin = new PgBench.Admin(cluster.url("postgres"), cluster.user(), cluster.password());
                Path password = work.resolve("db.password");
                Files.writeString(password, cluster.password() + "\n");
                env.put("GUANAI_DB_URL", cluster.url(database));
                env.put("GUANAI_DB_USER", cluster.user());
                env.put("GUANAI_DB_PASSWORD_FILE", password.toString());
            } else {
                admin = new PgBench.Admin(o.postgresUrl, null, null);
                env.put("GUANAI_DB_URL", PgBench.withDatabase(o.postgresUrl, database));
            }
            PgBench.createDatabase(admin, database);
            created = true;
            // both nodes seal the audit log with one key, as every node of a cluster must
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Path keyFile = work.resolve("audit.key");
            Files.writeString(keyFile, java.util.HexFormat.of().formatHex(key) + "\n");
            env.put("GUANAI_AUDIT_KEY_FILE", keyFile.toString());

            Path data1 = work.resolve("pg-node1");
            Path data2 = work.resolve("pg-node2");
            double schemaStart;
            try (Server g = startGuanai("pg-schema", data1, true, List.of(), env)) {
                schemaStart = g.awaitOk("/api/health", Duration.ofSeconds(300));
            }
            progress(String.format(Locale.ROOT, "schema and demo county made on the empty database in %.0f ms", schemaStart));
            BulkLoad.Summary bulk;
            long vacuumMs;
            long[] ids;
            PgBench.BigClass big;
            List<String> pgInfo;
            try (java.sql.Connection c = admin.connect(database, true)) {
                progress("bulk-loading " + o.pgChildren + " children (with a parent and a guardian each) into PostgreSQL");
                bulk = BulkLoad.load(c, o.pgChildren, 42);
                progress(String.format(Locale.ROOT, "loaded %d children, %d parents, %d guardians in %d ms (%d children in all);"
                        + " VACUUM ANALYZE", bulk.children(), bulk.parents(), bulk.guardians(), bulk.millis(), bulk.totalChildren()));
                vacuumMs = PgBench.vacuumAnalyze(c);
                ids = PgBench.childIds(c);
                big = PgBench.biggestClass(c);
                pgInfo = PgBench.describe(c);
            }
            progress("VACUUM ANALYZE: " + vacuumMs + " ms; " + String.join("; ", pgInfo));
            int size = 20;
            long[] deep = PgBench.deepPages(big.children(), size);
            List<Load.Kind> kinds = List.of(
                    new Load.Kind("GET /api/children/{id}, random ids of all " + ids.length + " children",
                            r -> "/api/children/" + ids[r.nextInt(ids.length)]),
                    new Load.Kind("search by name: GET /api/children?q={name}&school=" + big.school() + "&page=0&size=" + size,
                            r -> PgBench.searchPath(BulkLoad.name(r), big.school(), size)),
                    new Load.Kind(String.format(Locale.ROOT, "deep class page: GET /api/children?school=%d&class=%d&page={%d…%d}&size=%d",
                            big.school(), big.id(), deep[0], deep[1], size),
                            r -> PgBench.classPagePath(big, deep[0] + r.nextLong(deep[1] - deep[0] + 1), size)));
            List<PgRow> rows = new ArrayList<>();
            double start1;
            double start2;
            String sampleSearch;
            try (Server one = startGuanai("pg-node1", data1, false, List.of(), env)) {
                start1 = one.awaitOk("/api/health", Duration.ofSeconds(300));
                java.util.SplittableRandom sample = new java.util.SplittableRandom(5);
                String search = PgBench.searchPath(BulkLoad.name(sample), big.school(), size);
                HttpConnection.Response found = HttpConnection.getOnce(one.port, search, 60_000);
                check(found.status() == 200, "GET " + search + " -> " + found.status() + " " + found.text());
                Matcher t = TOTAL.matcher(found.text());
                sampleSearch = java.net.URLDecoder.decode(search, java.nio.charset.StandardCharsets.UTF_8) + ": "
                        + (t.find() ? t.group(1) : "?") + " children found";
                for (Load.Kind kind : kinds) {
                    rows.add(pgMeasure(List.of(one), kind, cluster));
                }
                try (Server two = startGuanai("pg-node2", data2, false, List.of(), env)) {
                    start2 = two.awaitOk("/api/health", Duration.ofSeconds(300));
                    for (Load.Kind kind : kinds) {
                        rows.add(pgMeasure(List.of(one, two), kind, cluster));
                    }
                }
            }
            copyLogs(o.results);

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "## Guanai on PostgreSQL, %,d children, %s%n%nMachine:%n%n", ids.length,
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
            machine.forEach(l -> out.append("- ").append(l).append('\n'));
            pgInfo.forEach(l -> out.append("- ").append(l).append('\n'));
            out.append("- database: ").append(cluster != null ? "a cluster of the runner's own (initdb + pg_ctl, on this machine)"
                    : "--postgres-url (a database the runner made there)").append('\n');
            out.append(String.format(Locale.ROOT, "%n| request (%d clients, %d s after %d s warm-up) | nodes | p50 | p99 | req/s | failed |"
                    + " target | pass/fail |%n|---|---:|---:|---:|---:|---:|---|---|%n", o.clients, o.measure.toSeconds(),
                    o.warmup.toSeconds()));
            for (PgRow r : rows) {
                boolean target = r.nodes() == 1;
                out.append("| ").append(r.what()).append(" | ").append(r.nodes()).append(" | ").append(lat(r.load().p(50))).append(" | ")
                        .append(lat(r.load().p(99))).append(" | ").append(String.format(Locale.ROOT, "%.0f", r.load().rps())).append(" | ")
                        .append(r.load().allErrors()).append(" | ").append(target ? "p99 < 100 ms, 0 failed" : "—").append(" | ")
                        .append(target ? pass(r.pass()) : "info").append(" |\n");
            }
            out.append('\n');
            out.append(String.format(Locale.ROOT, "Data: %,d children in all (the demo county's %,d and %,d bulk-loaded, each with a"
                    + " father working away and a grandparent guardian: %,d parents, %,d guardians) in the demo's schools and"
                    + " classes; bulk load (JDBC batches of 1 000, reWriteBatchedInserts) %.1f s, then VACUUM ANALYZE %.1f s%n",
                    bulk.totalChildren(), bulk.totalChildren() - bulk.children(), bulk.children(), bulk.parents(), bulk.guardians(),
                    bulk.millis() / 1000.0, vacuumMs / 1000.0));
            out.append(String.format(Locale.ROOT, "Deep class page: the largest class, %d of school %d, %,d children: pages %d to %d"
                    + " of %d (size %d), drawn at random%n", big.id(), big.school(), big.children(), deep[0], deep[1], deep[1] + 1, size));
            out.append("Search: a name drawn from the bulk load's generator (surname + 1 or 2 given characters) in the school of"
                    + " that class, the first page, as the console's search sends it; e.g. ").append(sampleSearch).append('\n');
            out.append(String.format(Locale.ROOT, "Starts: on the empty database with the demo county %.0f ms; node 1 on the loaded"
                    + " database %.0f ms; node 2 %.0f ms%n", schemaStart, start1, start2));
            for (PgRow r : rows) {
                out.append(String.format(Locale.ROOT, "CPU, %s on %d node(s): Guanai %s per request; PostgreSQL %s;"
                        + " load generator %.0f%%; other processes %.2f cores%n", r.what().replaceAll("[:,].*", ""), r.nodes(),
                        us(r.load().serverCpuMicrosPerRequest()), Double.isNaN(r.pgCores()) ? "n/a (not the runner's cluster)"
                                : String.format(Locale.ROOT, "%.2f cores (warm-up included)", r.pgCores()),
                        pct(r.load().clientCpuNanos(), r.load().seconds()), r.foreign()));
                if (r.load().firstError() != null) {
                    notes.add("first failed request: " + r.load().firstError());
                }
            }
            double worst = rows.stream().mapToDouble(PgRow::foreign).max().orElse(0);
            if (worst > o.quietCores) {
                notes.add(String.format(Locale.ROOT, "other processes used up to %.2f cores during a measurement: the numbers above"
                        + " are disturbed; run again on a quiet machine", worst));
            }
            out.append("Load average at the end (1/5/15 min): ").append(Machine.loadAverage()).append('\n');
            notes.forEach(n -> out.append("Note: ").append(n).append('\n'));
            Path file = o.results.resolve(PgBench.resultFile(o.pgChildren));
            Files.writeString(file, out);
            System.out.print(out);
            System.out.println("Written to " + file + "; server logs: " + o.results + "/*.log");
            System.out.flush();
        } finally {
            if (created && o.keep && cluster == null) {
                System.err.println("bench: database " + database + " kept (--keep): " + PgBench.withDatabase(o.postgresUrl, database));
            } else if (created) {
                try {
                    PgBench.dropDatabase(admin, database);
                } catch (java.sql.SQLException e) {
                    System.err.println("bench: could not drop database " + database + ": " + e.getMessage());
                }
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** One request kind with {@code o.clients} clients split over {@code nodes}, after waiting for a quiet machine. */
    private PgRow pgMeasure(List<Server> nodes, Load.Kind kind, PgCluster cluster) throws Exception {
        List<CpuMeter.Cpu> ours = new ArrayList<>(nodes);
        if (cluster != null) {
            ours.add(cluster);
        }
        CpuMeter.Cpu[] cpu = ours.toArray(CpuMeter.Cpu[]::new);
        quiet.await(kind.name() + " on " + nodes.size() + " node(s)", cpu);
        progress("load on " + nodes.size() + " node(s): " + kind.name() + ", " + o.clients + " clients, " + o.warmup.toSeconds()
                + " s warm-up + " + o.measure.toSeconds() + " s");
        CpuMeter meter = CpuMeter.start(cpu);
        long pg0 = cluster == null ? -1 : cluster.cpuNanos();
        long t0 = System.nanoTime();
        Load.Result load = Load.run(nodes, o.clients, o.warmup, o.measure, List.of(kind), 3, 30_000);
        double pgCores = pg0 < 0 ? Double.NaN : (cluster.cpuNanos() - pg0) / (double) (System.nanoTime() - t0);
        PgRow row = new PgRow(kind.name(), nodes.size(), load, meter.foreignCores(), pgCores);
        progress(summary(nodes.size() + " node(s)", load));
        return row;
    }

    /** A load on one server: its result, the cores other processes used meanwhile, the heap after a full GC. */
    private record Measured(Load.Result load, double foreign, Machine.Heap heap) {
    }

    /** The demo's class teacher (password public: the demo county's). */
    private static final String TEACHER = HttpConnection.basic("teacher", "guanai-demo");

    /** The req/s load: {@code o.clients} clients reading random children by id at {@code prefix + id} on {@code server}. */
    private Measured byId(Server server, String who, String kind, String prefix, List<Long> ids) throws Exception {
        return byId(server, who, kind, prefix, ids, HttpConnection.AUTHORIZATION);
    }

    /** The same as the user of {@code authorization} (an {@code Authorization:} header line). */
    private Measured byId(Server server, String who, String kind, String prefix, List<Long> ids, String authorization)
            throws Exception {
        quiet.await("the load on " + who, server);
        CpuMeter meter = CpuMeter.start(server);
        Load.Result load = Load.run(server, o.clients, o.idWarmup, o.measure,
                List.of(new Load.Kind(kind, r -> prefix + ids.get(r.nextInt(ids.size())), authorization)), 1, 30_000);
        Measured measured = new Measured(load, meter.foreignCores(), Machine.heapAfterFullGc(server.pid()));
        progress(summary(who, load));
        return measured;
    }

    private Server startGuanai(String name, Path data, boolean demo, List<String> jvmArgs) throws IOException {
        return startGuanai(name, data, demo, jvmArgs, Map.of());
    }

    /** guanai.jar on {@code data}, with {@code env} added (e.g. {@code GUANAI_DB_URL}). */
    private Server startGuanai(String name, Path data, boolean demo, List<String> jvmArgs, Map<String, String> env)
            throws IOException {
        int port = Server.freePort();
        progress("start " + name + " (guanai.jar, port " + port + (demo ? ", demo" : ", GUANAI_DEMO=false") + ")");
        List<String> args = new ArrayList<>(o.guanaiJvm);
        args.addAll(jvmArgs);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(Map.of("GUANAI_PORT", Integer.toString(port), "GUANAI_BIND", "127.0.0.1", "GUANAI_DATA", data.toString(),
                "GUANAI_DEMO", Boolean.toString(demo), "GUANAI_ADMIN_PASSWORD", HttpConnection.ADMIN_PASSWORD));
        return Server.start(name, port, o.guanai.toAbsolutePath(), args, all, work.resolve("tmp").resolve(name),
                work.resolve("logs").resolve(name + ".log"));
    }

    private Server startBaseline(String name, String jdbcUrl, List<String> extra) throws IOException {
        int port = Server.freePort();
        progress("start " + name + " (baseline.jar, port " + port + ")");
        List<String> args = new ArrayList<>(o.baselineJvm);
        args.addAll(extra);
        args.add("-Dorg.osgi.service.http.port=" + port);
        args.add("-Dorg.apache.felix.http.host=127.0.0.1");
        if (jdbcUrl != null) {
            args.add("-Dbench.jdbc.url=" + jdbcUrl);
        }
        return Server.start(name, port, o.baseline.toAbsolutePath(), args, Map.of(), work.resolve("tmp").resolve(name),
                work.resolve("logs").resolve(name + ".log"));
    }

    private static Map<String, String> guanaiEvents() {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("jetty", "Started Jetty");
        events.put("schema", "FlywaySchemaMigrator - Schema of 'core'");
        events.put("database", "PooledDataSource - Database ready");
        events.put("demo", "Demo county loaded");
        return events;
    }

    private static String medianPhases(List<Map<String, Long>> runs) {
        Map<String, List<Long>> all = new LinkedHashMap<>();
        for (Map<String, Long> r : runs) {
            r.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        all.forEach((k, v) -> out.put(k, String.format(Locale.ROOT, "%.0f", Stats.median(v.stream().mapToLong(Long::longValue).toArray()))));
        return out.toString();
    }

    private void copyLogs(Path to) throws IOException {
        Path from = work.resolve("logs");
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> old = Files.list(to)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> logs = Files.list(from)) {
            for (Path p : logs.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static void row(StringBuilder out, String what, String guanai, String baseline, String ratio, String target, String pass) {
        out.append("| ").append(what).append(" | ").append(guanai).append(" | ").append(baseline).append(" | ").append(ratio)
                .append(" | ").append(target).append(" | ").append(pass).append(" |\n");
    }

    private static String summary(String who, Load.Result r) {
        return String.format(Locale.ROOT, "%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d requests, %d failed", who, r.rps(), r.p(50),
                r.p(99), r.requests(), r.allErrors());
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String rps(Load.Result r) {
        return String.format(Locale.ROOT, "%.0f req/s", r.rps());
    }

    private static String lat(double v) {
        return String.format(Locale.ROOT, "%.2f ms", v);
    }

    private static String us(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f µs", v);
    }

    private static String mib(Machine.Heap h) {
        return h.usedKb() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", h.usedMiB());
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    private static String cores(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", values[i]));
        }
        return b.append(']').toString();
    }

    private static double pct(long cpuNanos, double seconds) {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e9 / seconds * 100;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static void progress(String message) {
        System.err.println("bench: " + message);
    }

    static void progressLine(String message) {
        progress(message);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
