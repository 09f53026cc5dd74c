package org.guanai.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code guanai.jar} as a separate process, as a user would, and talks to it over HTTP. */
public final class GuanaiProcess implements AutoCloseable {
    private final Path jar;
    private final Path data;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private Process process;
    private Path log;
    /** The {@code Authorization} header sent with every request, if any. */
    private String authorization;
    private long startedNanos;

    /** The county administrator's password the tests start the platform with, unless a test sets its own. */
    public static final String ADMIN_PASSWORD = "E2e-county-2026";

    private final Map<String, String> systemProperties = new java.util.LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    /** A command the JVM runs under, e.g. {@code taskset -c 0}; none by default. */
    private final List<String> runUnder = new ArrayList<>();

    /**
     * Starts with {@code GUANAI_ADMIN_PASSWORD} set (and, with {@code -Dguanai.test.postgres}, {@code GUANAI_DB_URL} naming
     * a fresh PostgreSQL database for this data folder) and sends the administrator's credentials unless told otherwise. */
    public GuanaiProcess(Path jar, Path data, Map<String, String> env) throws IOException {
        this.jar = jar;
        this.data = data;
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("GUANAI_ADMIN_PASSWORD", ADMIN_PASSWORD);
        if (TestPostgres.server() != null && !all.containsKey("GUANAI_DB_URL")) {
            // the suite on PostgreSQL (-Dguanai.test.postgres): a fresh database for each data folder
            all.put("GUANAI_DB_URL", TestPostgres.databaseFor(data));
        }
        this.env = Map.copyOf(all);
        this.port = freePort();
        credentials("admin", this.env.get("GUANAI_ADMIN_PASSWORD"));
    }

    /** Starts the JVM with this system property from the next start on. */
    GuanaiProcess systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    /** Starts the JVM with this program argument ({@code --demo}, …) from the next start on. */
    GuanaiProcess argument(String argument) {
        arguments.add(argument);
        return this;
    }

    /** The data folder it runs on. */
    Path data() {
        return data;
    }

    /** Runs the JVM under this command (e.g. {@code taskset -c 0}) from the next start on. */
    GuanaiProcess runUnder(String... command) {
        runUnder.clear();
        runUnder.addAll(List.of(command));
        return this;
    }

    /** Sends no credentials from now on. */
    public GuanaiProcess anonymous() {
        authorization = null;
        return this;
    }

    /** Sends HTTP Basic credentials with every request from now on. */
    public GuanaiProcess credentials(String user, String password) {
        authorization = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the platform and waits until {@code /api/health} answers 200; returns the milliseconds that took. */
    public long start() throws IOException, InterruptedException {
        return start(Duration.ofSeconds(120)); // generous: a loaded CI machine
    }

    /** Starts the platform and waits at most {@code limit} until {@code /api/health} answers 200; returns the milliseconds. */
    long start(Duration limit) throws IOException, InterruptedException {
        launch();
        long deadline = startedNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("guanai.jar exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get("/api/health").statusCode() == 200) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        String health;
        try {
            health = get("/api/health").body();
        } catch (IOException e) {
            health = e.toString();
        }
        throw new IllegalStateException("no 200 from /api/health within " + limit.toSeconds() + " s: " + health + "\n" + log());
    }

    /** Starts the process and returns at once (see {@link #awaitLog} for a start that is expected to fail). */
    void launch() throws IOException {
        log = Files.createTempFile(data.getParent(), "guanai-", ".log");
        List<String> cmd = new ArrayList<>(runUnder);
        cmd.add(javaBin());
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("GUANAI_PORT", Integer.toString(port));
        pb.environment().put("GUANAI_DATA", data.toString());
        pb.environment().putAll(env);
        startedNanos = System.nanoTime();
        process = pb.start();
    }

    /** Waits until the log holds {@code text}; returns the log. */
    String awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String log = log();
            if (log.contains(text)) {
                return log;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no \"" + text + "\" in the log within " + timeout + ":\n" + log());
    }

    /** Waits for the process to end on its own; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("guanai.jar still runs after " + timeout);
        }
        return process.exitValue();
    }

    /** SIGTERM, and wait for the process to end; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("guanai.jar did not stop within 45 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: a crash, nothing runs on the way down. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Types a line on the platform's console (started with {@code GUANAI_SHELL=true}). */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    public String log() throws IOException {
        return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> upload(String method, String path, byte[] jar) throws IOException, InterruptedException {
        return upload(method, path, "application/octet-stream", jar);
    }

    /** Sends {@code body} with this {@code Content-Type}. */
    public HttpResponse<String> upload(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    /** The address the platform listens on: {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
