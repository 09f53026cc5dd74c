package org.guanai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the runner's own, started as the README's test command ({@code ./test}) starts one: Debian's
 * {@code initdb} and {@code pg_ctl} (from {@code /usr/lib/postgresql/<version>/bin}, else the PATH) in a new temporary
 * folder, on a free port of 127.0.0.1, passwords checked (scram-sha-256), as the system user {@code postgres} when the
 * runner is root (PostgreSQL refuses to run as root). Unlike the test cluster it keeps PostgreSQL's durable defaults
 * (fsync, synchronous commit): the benchmark measures a server as it would run. {@link #close()} stops it and deletes
 * the folder; a shutdown hook does the same if the runner dies first.
 */
final class PgCluster implements AutoCloseable, CpuMeter.Cpu {
    /** Linux USER_HZ: /proc/<pid>/stat counts in 1/100 s. */
    private static final long TICK_NANOS = 10_000_000;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    private final String runAs;
    private final Thread hook;
    private boolean stopped;

    private PgCluster(Path dir, Path bin, int port, String password, String runAs) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.runAs = runAs;
        this.hook = new Thread(this::stopQuietly, "bench-stop-postgres");
    }

    /** initdb and pg_ctl start, with {@code settings} ({@code name=value}) added to the server's command line. */
    static PgCluster start(List<String> settings) throws IOException, InterruptedException {
        Path bin = binDir().orElseThrow(() -> new IOException("no initdb/pg_ctl: install Debian's postgresql (apt-get install"
                + " postgresql) or give --postgres-url"));
        String runAs = isRoot() ? "postgres" : null;
        Path dir = Files.createTempDirectory("guanai-bench-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] secret = new byte[15];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        if (runAs != null) {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            Files.setOwner(dir, owner);
            Files.setOwner(pwfile, owner);
        }
        PgCluster cluster = new PgCluster(dir, bin, Server.freePort(), password, runAs);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            List<String> initdb = List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8");
            if (cluster.exec(plus(initdb, "--locale=C.UTF-8"), dir.resolve("initdb.log"), 120) != 0
                    && cluster.exec(plus(initdb, "--locale=C"), dir.resolve("initdb.log"), 120) != 0) {
                throw new IOException("initdb failed:\n" + Files.readString(dir.resolve("initdb.log")));
            }
            StringBuilder options = new StringBuilder("-p " + cluster.port + " -k " + dir + " -c listen_addresses=127.0.0.1");
            for (String s : settings) {
                options.append(" -c ").append(s);
            }
            if (cluster.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", options.toString(), "start"),
                    dir.resolve("pg_ctl.log"), 90) != 0) {
                throw new IOException("pg_ctl start failed:\n" + Files.readString(dir.resolve("pg_ctl.log")) + "\n"
                        + cluster.serverLog());
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Debian's newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, else the PATH's. */
    static Optional<Path> binDir() {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(v -> v.resolve("bin")).sorted(Comparator.comparing(PgCluster::versionOf).reversed()).forEach(candidates::add);
        } catch (IOException none) {
            // not Debian's layout
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty()) {
                candidates.add(Path.of(p));
            }
        }
        return candidates.stream().filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
                .findFirst();
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static List<String> plus(List<String> cmd, String arg) {
        List<String> out = new ArrayList<>(cmd);
        out.add(arg);
        return out;
    }

    /** Runs one of PostgreSQL's programs (as {@code postgres} when root), output to {@code log}; its exit code. */
    private int exec(List<String> cmd, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A JDBC URL of {@code database} on this cluster (no credentials: {@link #user()}, {@link #password()}). */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String user() {
        return "postgres";
    }

    String password() {
        return password;
    }

    String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The postmaster's pid (first line of {@code postmaster.pid}), or -1. */
    private long postmaster() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU used by the cluster so far: the postmaster with every child it has reaped (its {@code cutime}/{@code cstime}:
     * ended backends, autovacuum workers) plus its live children (the backends of the nodes' pools), in nanoseconds.
     */
    @Override
    public long cpuNanos() {
        long pid = postmaster();
        if (pid < 0) {
            return -1;
        }
        long[] own = procStat(pid);
        if (own == null) {
            return -1;
        }
        long ticks = own[0] + own[1] + own[2] + own[3];
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of())) {
            long[] c = procStat(child.pid());
            if (c != null) {
                ticks += c[0] + c[1];
            }
        }
        return ticks * TICK_NANOS;
    }

    private static long[] procStat(long pid) {
        try {
            return parseStatTimes(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * utime, stime, cutime, cstime (clock ticks) of a {@code /proc/<pid>/stat} line: fields 14–17, counted after the
     * command name in parentheses (which may hold spaces and parentheses itself), or null.
     */
    static long[] parseStatTimes(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state): field n is f[n - 3]
        if (f.length < 15) {
            return null;
        }
        try {
            return new long[] { Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]) };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code postgres --version}. */
    String version() {
        return Machine.run(List.of(bin.resolve("postgres").toString(), "--version"), 30).strip();
    }

    /** pg_ctl stop (fast), then the folder deleted. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60",
                        "stop"), dir.resolve("pg_ctl-stop.log"), 90);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench: stopping PostgreSQL in " + dir + " failed: " + e);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e);
        }
    }
}
