package org.guanai.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server JVM under test ({@code java -jar guanai.jar} or {@code baseline.jar}), started by the runner and always
 * stopped by it: {@link #stop()} sends SIGTERM and waits, then kills; a shutdown hook stops every server still alive
 * when the runner exits for any reason.
 */
final class Server implements AutoCloseable, CpuMeter.Cpu {
    private static final List<Server> ALIVE = new CopyOnWriteArrayList<>();
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[[^]]*] \\w+ (\\S+) - (.*)$");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Server::stopAll, "bench-stop-servers"));
    }

    final String name;
    final int port;
    final Path log;
    private final Process process;
    private final long spawnNanos;
    private final long spawnMillis;

    private Server(String name, int port, Path log, Process process, long spawnNanos, long spawnMillis) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.spawnNanos = spawnNanos;
        this.spawnMillis = spawnMillis;
    }

    /** A port that was free a moment ago on 127.0.0.1 (bound to port 0, then closed). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code java <jvmArgs> -Djava.io.tmpdir=<tmp> -jar <jar>} with {@code env} added to a copy of this
     * process's environment from which every {@code GUANAI_*} variable is removed. stdin is /dev/null, stdout and
     * stderr go to {@code log}.
     */
    static Server start(String name, int port, Path jar, List<String> jvmArgs, Map<String, String> env, Path tmp, Path log)
            throws IOException {
        Files.createDirectories(tmp);
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaBinary().toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("GUANAI_"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        long millis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Process p = pb.start();
        Server s = new Server(name, port, log, p, nanos, millis);
        ALIVE.add(s);
        return s;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU time the server process has used so far (user + system), in nanoseconds, or -1 when unknown. */
    @Override
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * Polls {@code GET path} every 10 ms on a new connection until it answers 200, and returns the milliseconds from
     * the spawn of the process to that answer.
     */
    double awaitOk(String path, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpConnection.Response r = HttpConnection.getOnce(port, path, 2_000);
                if (r.status() == 200) {
                    return (System.nanoTime() - spawnNanos) / 1e6;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before " + path + " answered 200\n"
                        + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + ": " + path + " did not answer 200 within " + timeout.toSeconds() + " s\n" + tail(40));
            }
            Thread.sleep(10);
        }
    }

    /** SIGTERM, up to 30 s for a clean stop, then SIGKILL. Returns the exit code. */
    int stop() throws InterruptedException {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    System.err.println("  " + name + " did not stop within 30 s of SIGTERM: killing it");
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            return process.isAlive() ? -1 : process.exitValue();
        } finally {
            ALIVE.remove(this);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static void stopAll() {
        for (Server s : ALIVE) {
            s.process.destroy();
        }
        for (Server s : ALIVE) {
            try {
                if (!s.process.waitFor(20, TimeUnit.SECONDS)) {
                    s.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                s.process.destroyForcibly();
            }
        }
        ALIVE.clear();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Milliseconds from the spawn of the process to the first log line (slf4j-simple, local wall-clock time) whose
     * logger and message match each of {@code events} (name → regex on "logger - message").
     */
    Map<String, Long> logEvents(Map<String, String> events) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : logText().lines().toList()) {
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long at = LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            String text = m.group(2) + " - " + m.group(3);
            for (Map.Entry<String, String> e : events.entrySet()) {
                if (!out.containsKey(e.getKey()) && Pattern.compile(e.getValue()).matcher(text).find()) {
                    out.put(e.getKey(), at - spawnMillis);
                }
            }
        }
        return out;
    }
}
