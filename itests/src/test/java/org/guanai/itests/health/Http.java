package org.guanai.itests.health;

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

/** HTTP calls to the running platform as one user, acting for one school (the itests' Api is package-private). */
final class Http {
    /** The county administrator's password, set by test.bndrun. */
    static final String ADMIN_PASSWORD = "Itest-county-2026";

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final String school;

    private Http(HttpClient client, String base, String authorization, String school) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
        this.school = school;
    }

    /** The administrator, once {@code /api/health} answers. */
    static Http admin(ServiceAware<HttpServiceRuntime> runtime) throws IOException, InterruptedException {
        Object endpoint = runtime.getServiceReference().getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        Http h = new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                first.endsWith("/") ? first.substring(0, first.length() - 1) : first, null, null).as("admin", ADMIN_PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (h.get("/api/health").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/api/health not 200");
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
        return new Http(client, base, authorization, String.valueOf(id));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return client.send(request("GET", path, null).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return send(request(method, path, json).build());
    }

    /** A body of the given media type, e.g. JSON sent as {@code text/plain}. */
    HttpResponse<String> send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        return send(request(method, path, null).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        // a body over 1 MiB goes on a connection of its own: the server refuses it (413) unread and closes that connection
        boolean big = r.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L) > 1 << 20;
        HttpClient c = big ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : client;
        try {
            return c.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return c.send(r, HttpResponse.BodyHandlers.ofString()); // a connection the server closed after a refusal
        }
    }

    private HttpRequest.Builder request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (school != null) {
            b.header("X-Guanai-School", school);
        }
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return b;
    }
}
