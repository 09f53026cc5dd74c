package org.guanai.itests.activities;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.service.ServiceAware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The platform's HTTP API for the activities tests: a user, the school the requests act for, JSON in and out. */
final class Http {
    static final String ADMIN_PASSWORD = "Itest-county-2026";

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final Long school;
    final ObjectMapper json = new ObjectMapper();

    private Http(HttpClient client, String base, String authorization, Long school) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
        this.school = school;
    }

    static Http ready(ServiceAware<HttpServiceRuntime> runtime) throws Exception {
        Object endpoint = runtime.getServiceReference().getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        Http h = new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                first.endsWith("/") ? first.substring(0, first.length() - 1) : first, null, null).as("admin", ADMIN_PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (h.send("GET", "/api/health", null, null).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/api/health not 200 within 30 s");
            }
            Thread.sleep(100);
        }
        return h;
    }

    Http as(String user, String password) {
        return new Http(client, base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
                school);
    }

    Http school(long id) {
        return new Http(client, base, authorization, id);
    }

    HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (school != null) {
            b.header("X-Guanai-School", String.valueOf(school));
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest rq = b.build();
        try {
            return client.send(rq, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // a connection the server closed after refusing an earlier request early: once more on a new one
            return client.send(rq, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** A response with its JSON body parsed (or {@code null}). */
    record Res(int status, JsonNode body, byte[] bytes) {
        @Override
        public String toString() {
            return status + " " + new String(bytes, StandardCharsets.UTF_8);
        }
    }

    Res call(String method, String path, Object body) throws Exception {
        byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        HttpResponse<byte[]> r = send(method, path, "application/json", bytes);
        JsonNode parsed = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json") && r.body().length > 0) {
            parsed = json.readTree(r.body());
        }
        return new Res(r.statusCode(), parsed, r.body());
    }

    Res get(String path) throws Exception {
        return call("GET", path, null);
    }

    Res upload(String path, String contentType, byte[] bytes) throws Exception {
        HttpResponse<byte[]> r = send("POST", path, contentType, bytes);
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Res(r.statusCode(), type.startsWith("application/json") ? json.readTree(r.body()) : null, r.body());
    }
}
