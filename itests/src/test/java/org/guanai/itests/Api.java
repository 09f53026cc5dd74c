package org.guanai.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.service.ServiceAware;

/** The platform's HTTP API at the endpoint Felix HTTP really listens on, for the in-framework tests. */
final class Api {
    /** The county administrator's password, set by test.bndrun. */
    static final String ADMIN_PASSWORD = "Itest-county-2026";

    private final HttpClient http;
    final String base;
    /** The {@code Authorization} header sent with every request, or {@code null}. */
    private final String authorization;

    private Api(HttpClient http, String base, String authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
    }

    /** The same endpoint, with HTTP Basic credentials of another user. */
    Api as(String user, String password) {
        return new Api(http, base, "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The same endpoint with a bearer token. */
    Api bearer(String token) {
        return new Api(http, base, "Bearer " + token);
    }

    @Override
    public String toString() {
        return authorization == null ? "anonymous" : authorization.startsWith("Basic ")
                ? new String(java.util.Base64.getDecoder().decode(authorization.substring(6)), java.nio.charset.StandardCharsets.UTF_8).split(":")[0]
                : "bearer";
    }

    /** The same endpoint without credentials. */
    Api anonymous() {
        return new Api(http, base, null);
    }

    /** The endpoint of the Servlet Whiteboard runtime, once {@code /api/health} answers 200 (at most 30 s). */
    static Api ready(ServiceAware<HttpServiceRuntime> runtime) throws IOException, InterruptedException {
        Object endpoint = runtime.getServiceReference().getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        Api api = new Api(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                first.endsWith("/") ? first.substring(0, first.length() - 1) : first, null).as("admin", ADMIN_PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (api.get("/api/health").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/api/health not 200 within 30 s: " + api.get("/api/health").body());
            }
            Thread.sleep(100);
        }
        return api;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    HttpResponse<String> json(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, "application/json", body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> jar(String method, String path, byte[] body) throws IOException, InterruptedException {
        return send(method, path, "application/octet-stream", body);
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(method, path, contentType, body, null);
    }

    /** One request as admitted clients send it, with no second try on a broken connection. */
    HttpResponse<String> sendOnce(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body, String school)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (school != null) {
            b.header("X-Guanai-School", school);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest request = b.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            // the server runs in this JVM: what its threads do now is what made the request wait
            System.err.println("Request timed out: " + method + " " + path + "; the threads of this JVM:\n" + threadDump());
            throw e;
        } catch (IOException e) {
            // the server may close a kept-alive connection after refusing a request before reading its body (401, 403,
            // 413); the client learns it only on its next request over that connection: send it once more, on a new one
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Every live thread's stack, with the locks it holds and waits for. */
    static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (java.lang.management.ThreadInfo info : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                out.append("\tat ").append(e).append('\n');
            }
            for (java.lang.management.LockInfo l : info.getLockedSynchronizers()) {
                out.append("\t- holds ").append(l).append('\n');
            }
            for (java.lang.management.MonitorInfo m : info.getLockedMonitors()) {
                out.append("\t- holds monitor ").append(m).append(" (at ").append(m.getLockedStackFrame()).append(")\n");
            }
        }
        return out.toString();
    }
}
