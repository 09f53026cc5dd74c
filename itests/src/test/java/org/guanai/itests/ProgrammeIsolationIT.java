package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.itests.isolation.TestProgrammeActivator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A programme cannot take the others down. The test builds programme bundles of its own now (the classes of
 * {@code org.guanai.itests.isolation} with a manifest per programme id), installs them and calls them over HTTP:
 * <ul>
 * <li>a route that throws answers {@code 500} JSON with a {@code requestId} for that request only: the next request to
 * the programme and to another programme are served, and the programme stays {@code ACTIVE};</li>
 * <li>250 slow requests at once to one programme: those beyond its limit of requests at once answer {@code 503} with
 * {@code Retry-After} before any slow one has ended, and while the slow ones are still in flight {@code /api/health},
 * the core and another programme answer;</li>
 * <li>the limit is the core's configuration {@code org.guanai.core.programmes} {@code maxConcurrentRequests}.</li>
 * </ul>
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ProgrammeIsolationIT {
    /** The default of {@code maxConcurrentRequests} (README, core.registry's ProgrammesConfig). */
    static final int DEFAULT_LIMIT = 32;
    static final String PID = "org.guanai.core.programmes";
    /** A bound that only a server that stopped answering exceeds; no timing is measured. */
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;
    @InjectService(timeout = 20_000)
    ConfigurationAdmin configurations;
    @InjectService(timeout = 20_000)
    ServiceComponentRuntime scr;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Bundle> installed = new ArrayList<>();
    private final List<Path> releases = new ArrayList<>();
    private Api api;
    private long school;

    @BeforeEach
    void setUp() throws Exception {
        api = Api.ready(runtime);
        school = Fixtures.school(schools, "isolation").school().id();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Path release : releases) {
            Files.writeString(release, "go"); // no slow request is left waiting
        }
        for (Bundle b : installed) {
            b.uninstall();
        }
        Configuration c = configurations.getConfiguration(PID, "?");
        if (c.getProperties() != null) {
            c.delete();
        }
    }

    @Test
    void aProgrammeThatThrowsFailsThatRequestOnly() throws Exception {
        install("isoboom");
        install("isoother");

        HttpResponse<String> boom = get("/api/programmes/isoboom/boom");
        assertEquals(500, boom.statusCode(), boom.body());
        assertTrue(boom.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), boom.headers().map().toString());
        JsonNode body = json.readTree(boom.body());
        assertEquals("programme_failed", body.path("error").asText(), boom.body());
        String requestId = body.path("requestId").asText();
        assertTrue(requestId.length() >= 8, "a request id in the body: " + boom.body());
        assertEquals(requestId, boom.headers().firstValue("X-Request-Id").orElse(""), "and in X-Request-Id");
        assertTrue(body.path("message_zh").asText().contains(requestId) && body.path("message_en").asText().contains(requestId),
                "the message names it, in 中文 and English: " + boom.body());
        assertFalse(boom.body().contains("IllegalStateException") || boom.body().contains("at org."), "no stack trace: " + boom.body());
        assertEquals("nosniff", boom.headers().firstValue("X-Content-Type-Options").orElse(""), "the security headers");

        assertEquals(ProgrammeState.ACTIVE, programmes.programme("isoboom").orElseThrow().state(), "not marked FAILED");
        assertEquals(200, get("/api/programmes/isoboom/hello").statusCode(), "the next request of the programme is served");
        assertEquals(200, get("/api/programmes/isoother/hello").statusCode(), "another programme is served");
        assertEquals(200, get("/api/health").statusCode());

        HttpResponse<String> again = get("/api/programmes/isoboom/boom");
        assertEquals(500, again.statusCode());
        assertFalse(requestId.equals(json.readTree(again.body()).path("requestId").asText()), "one id per request");
        assertEquals(ProgrammeState.ACTIVE, programmes.programme("isoboom").orElseThrow().state());
    }

    @Test
    void aSlowProgrammeCannotTakeTheThreadsTheOthersNeed() throws Exception {
        install("isoslow");
        install("isoother");
        Path release = release();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            slow.add(client.sendAsync(request("/api/programmes/isoslow/slow?release=" + release), HttpResponse.BodyHandlers.ofString()));
        }

        // beyond the limit: 503 with Retry-After, before any slow request has been let go
        List<HttpResponse<String>> refused = answered(slow, 250 - DEFAULT_LIMIT);
        for (HttpResponse<String> r : refused) {
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            assertEquals("programme_busy", json.readTree(r.body()).path("error").asText(), r.body());
        }

        // while the slow ones are in flight, the core and the other programmes answer
        assertEquals(200, get("/api/health").statusCode());
        assertEquals(200, get("/api/schools/" + school).statusCode());
        assertEquals(200, get("/api/programmes/isoother/hello").statusCode());
        assertEquals(DEFAULT_LIMIT, slow.stream().filter(f -> !f.isDone()).count(), "the slow requests were still in flight");

        Files.writeString(release, "go");
        CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(DEFAULT_LIMIT, slow.stream().filter(f -> f.join().statusCode() == 200).count(), "the admitted ones are served");
        assertEquals(200, get("/api/programmes/isoslow/hello").statusCode(), "and then the programme serves again");
    }

    @Test
    void theLimitIsTheCoresConfiguration() throws Exception {
        install("isolimit");
        Configuration c = configurations.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("maxConcurrentRequests", 2);
        c.update(props);
        waitFor(() -> limitConfigured(2));

        Path release = release();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(client.sendAsync(request("/api/programmes/isolimit/slow?release=" + release), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> refused = answered(slow, 8);
        assertTrue(refused.stream().allMatch(r -> r.statusCode() == 503), "beyond 2 at once: 503");
        Files.writeString(release, "go");
        CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(2, slow.stream().filter(f -> f.join().statusCode() == 200).count());

        c.delete();
        waitFor(() -> limitConfigured(DEFAULT_LIMIT));
    }

    // ---- helpers

    /**
     * Builds a programme bundle now from the classes of {@code org.guanai.itests.isolation} (inner classes included) with
     * its own manifest, installs and starts it, waits until it serves, and enables it for the test's school.
     */
    private void install(String id) throws Exception {
        String dir = TestProgrammeActivator.class.getPackageName().replace('.', '/');
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.guanai.itests.isolation." + id);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", TestProgrammeActivator.class.getName());
        a.putValue("Guanai-Programme", id);
        a.putValue("Import-Package", "org.guanai.core.api.dto,org.guanai.core.api.programme,org.osgi.framework,"
                + "jakarta.servlet,jakarta.servlet.http");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            List<URL> classes = Collections.list(context.getBundle().findEntries(dir, "*.class", false));
            assertTrue(classes.size() >= 2, "the programme's classes in the test bundle: " + classes);
            for (URL u : classes) {
                jar.putNextEntry(new JarEntry(dir + "/" + Path.of(u.getPath()).getFileName()));
                try (InputStream in = u.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Bundle b = context.installBundle("isolation:" + id, new ByteArrayInputStream(out.toByteArray()));
        installed.add(b);
        b.start();
        waitFor(() -> programmes.programme(id).map(p -> p.state() == ProgrammeState.ACTIVE).orElse(false));
        programmes.setEnabled(school, id, true, Map.of());
        waitFor(() -> get("/api/programmes/" + id + "/hello").statusCode() == 200);
    }

    /** A file that does not exist yet; writing it lets the slow requests waiting for it go. */
    private Path release() throws IOException {
        Path dir = Files.createTempDirectory("guanai-isolation");
        Path release = dir.resolve("release");
        releases.add(release);
        return release;
    }

    /** Waits (generously) until {@code count} of the requests have been answered, and returns those answers. */
    private static List<HttpResponse<String>> answered(List<CompletableFuture<HttpResponse<String>>> requests, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (requests.stream().filter(CompletableFuture::isDone).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + requests.stream().filter(CompletableFuture::isDone).count() + " of "
                        + requests.size() + " requests answered while the slow ones wait; expected " + count);
            }
            Thread.sleep(20);
        }
        List<HttpResponse<String>> done = requests.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
        assertEquals(count, done.size(), "no more than the ones beyond the limit: the others are still waiting");
        return done;
    }

    /** Whether the core's programme limits component runs with {@code maxConcurrentRequests} = {@code expected}. */
    private boolean limitConfigured(int expected) {
        for (Bundle b : context.getBundles()) {
            if ("org.guanai.core.registry".equals(b.getSymbolicName())) {
                ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(b, "org.guanai.core.registry.internal.programmes.ProgrammeLimits");
                if (d == null) {
                    return false;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    Object v = c.properties.get("maxConcurrentRequests");
                    return c.state == ComponentConfigurationDTO.ACTIVE && (v == null ? DEFAULT_LIMIT == expected
                            : Integer.parseInt(v.toString()) == expected);
                }
            }
        }
        return false;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + Api.ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("X-Guanai-School", String.valueOf(school)).GET().build();
    }

    private HttpResponse<String> get(String path) {
        try {
            return api.send("GET", path, null, null, String.valueOf(school));
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + GENEROUS.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
