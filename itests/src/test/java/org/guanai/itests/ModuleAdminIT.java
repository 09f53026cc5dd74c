package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Module administration over HTTP with bundles made by the test: install, stop, start, dry-run, uninstall; a file that
 * is not a bundle, a bundle that does not resolve and jars out of proportion or with entries pointing outside of them
 * are refused and leave the framework, the stored modules and the desired state as they were. test.bndrun allows
 * unsigned modules ({@code guanai.allow.unsigned=true}): the jars made here are not signed.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ModuleAdminIT {
    private Api api;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    @BeforeEach
    void endpoint() throws Exception {
        api = Api.ready(runtime);
    }

    /** A bundle with a manifest and nothing else. */
    static byte[] bundle(String bsn, String version, String... headers) throws IOException {
        return bundleWith(bsn, version, headers, 0);
    }

    /** A bundle whose entries are these, each holding {@code size} zero bytes (compressed). */
    static byte[] bundleWith(String bsn, String version, String[] headers, int size, String... names) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            a.putValue(headers[i], headers[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (String name : names) {
                jar.putNextEntry(new java.util.jar.JarEntry(name));
                jar.write(new byte[size]);
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void installStopStartUninstall() throws Exception {
        String bsn = "org.example.module" + System.nanoTime();
        HttpResponse<String> installed = send("POST", "/api/admin/bundles", bundle(bsn, "1.0.0"));
        assertEquals(201, installed.statusCode(), installed.body());
        assertEquals(Bundle.ACTIVE, find(bsn).getState());
        assertTrue(send("GET", "/api/admin/bundles", null).body().contains("\"bsn\":\"" + bsn + "\""));

        assertEquals(409, send("POST", "/api/admin/bundles", bundle(bsn, "1.0.0")).statusCode(), "installed twice");

        assertEquals(200, send("POST", "/api/admin/bundles/" + bsn + "/stop", null).statusCode());
        assertEquals(Bundle.RESOLVED, find(bsn).getState());
        assertEquals(200, send("POST", "/api/admin/bundles/" + bsn + "/start", null).statusCode());
        assertEquals(Bundle.ACTIVE, find(bsn).getState());

        HttpResponse<String> plan = send("POST", "/api/admin/bundles/dry-run", bundle(bsn, "1.1.0"));
        assertEquals(200, plan.statusCode(), plan.body());
        assertTrue(plan.body().contains("\"action\":\"update\"") && plan.body().contains("\"ok\":true"), plan.body());
        assertEquals("1.0.0", find(bsn).getVersion().toString(), "a dry run changes nothing");

        HttpResponse<String> updated = send("PUT", "/api/admin/bundles/" + bsn, bundle(bsn, "1.1.0"));
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("1.1.0", find(bsn).getVersion().toString());

        assertEquals(200, send("DELETE", "/api/admin/bundles/" + bsn, null).statusCode());
        assertNull(findOrNull(bsn));
        assertTrue(send("GET", "/api/admin/bundles/log", null).body().contains("\"operation\":\"uninstall\""));
    }

    @Test
    void garbageAndUnresolvableBundlesChangeNothing() throws Exception {
        List<Long> before = ids();
        HttpResponse<String> garbage = send("POST", "/api/admin/bundles", "this is not a jar".getBytes());
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertTrue(garbage.body().contains("not_a_bundle"), garbage.body());

        String bsn = "org.example.unresolved" + System.nanoTime();
        byte[] unresolved = bundle(bsn, "1.0.0", "Import-Package", "org.example.does.not.exist;version=\"[1,2)\"");
        HttpResponse<String> refused = send("POST", "/api/admin/bundles", unresolved);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("org.example.does.not.exist"), "names the missing requirement: " + refused.body());

        HttpResponse<String> plan = send("POST", "/api/admin/bundles/dry-run", unresolved);
        assertEquals(200, plan.statusCode());
        assertTrue(plan.body().contains("\"ok\":false") && plan.body().contains("org.example.does.not.exist"), plan.body());

        assertEquals(404, send("POST", "/api/admin/bundles/org.guanai.core.registry/stop", null).statusCode(),
                "the core is not managed here");
        assertEquals(before, ids(), "the framework is as before");
        assertEquals(Bundle.ACTIVE, find("org.guanai.core.registry").getState());
    }

    @Test
    void jarsOutOfProportionOrEscapingAreRefusedAndLeaveNothingBehind() throws Exception {
        java.nio.file.Path modules = java.nio.file.Path.of(context.getProperty("guanai.data"), "modules");
        List<String> storedBefore = files(modules);
        List<Long> before = ids();
        String tag = Long.toString(System.nanoTime());
        String[] many = new String[10_001];
        for (int i = 0; i < many.length; i++) {
            many[i] = "e/" + i;
        }
        java.util.Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("jar_expands_too_much", bundleWith("org.example.bomb" + tag, "1.0.0", new String[0], 64 << 20, "data/zeros.bin"));
        refused.put("jar_too_many_entries", bundleWith("org.example.many" + tag, "1.0.0", new String[0], 0, many));
        refused.put("jar_unsafe_entry", bundleWith("org.example.dotdot" + tag, "1.0.0", new String[0], 1, "ok.txt", "../evil"));
        refused.put("jar_unsafe_entry ", bundleWith("org.example.absolute" + tag, "1.0.0", new String[0], 1, "/etc/cron.d/evil"));
        for (java.util.Map.Entry<String, byte[]> e : refused.entrySet()) {
            String code = e.getKey().trim();
            HttpResponse<String> r = send("POST", "/api/admin/bundles", e.getValue());
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"error\":\"" + code + "\""), r.body());
            HttpResponse<String> plan = send("POST", "/api/admin/bundles/dry-run", e.getValue());
            assertEquals(422, plan.statusCode(), "the dry run refuses it too: " + plan.body());
            assertTrue(plan.body().contains(code), plan.body());
        }
        assertEquals(before, ids(), "nothing installed");
        assertEquals(storedBefore, files(modules), "nothing stored under <data>/modules, no temporary file left");
        String listed = send("GET", "/api/admin/bundles", null).body();
        assertTrue(!listed.contains(tag), "nothing in the desired state: " + listed);
        String log = send("GET", "/api/admin/bundles/log?limit=20", null).body();
        assertTrue(log.contains("zip bomb") && log.contains("entries or more") && log.contains("../evil")
                && log.contains("/etc/cron.d/evil"), "every refusal in the module log: " + log);
        // each with its reason's stable code, apart from the English detail (issue 19: the console words it)
        for (String code : List.of("jar_expands_too_much", "jar_too_many_entries", "jar_unsafe_entry")) {
            assertTrue(log.contains("\"reason\":\"" + code + "\""), code + " in " + log);
        }
        assertTrue(!log.contains("\"detail\":\"[jar_"), "the code is not repeated in the detail: " + log);
        String audit = send("GET", "/api/audit?action=MODULE_INSTALL&size=50", null).body();
        assertTrue(audit.contains("REFUSED") && audit.contains("zip bomb") && audit.contains("../evil"), "and in the audit log: " + audit);
    }

    private static List<String> files(java.nio.file.Path dir) throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void deployDirectoryGoesThroughModuleAdministration() throws Exception {
        java.nio.file.Path deploy = java.nio.file.Path.of(context.getProperty("felix.fileinstall.dir"));
        java.nio.file.Files.createDirectories(deploy);
        String bsn = "org.example.deployed" + System.nanoTime();
        java.nio.file.Path jar = deploy.resolve(bsn + ".jar");
        java.nio.file.Files.write(jar, bundle(bsn, "1.0.0"));
        waitFor(() -> findOrNull(bsn) != null && findOrNull(bsn).getState() == Bundle.ACTIVE);
        assertTrue(findOrNull(bsn).getLocation().startsWith("guanai:module:"), "installed by module administration");
        assertTrue(send("GET", "/api/admin/bundles/" + bsn, null).body().contains("\"desiredState\":\"ACTIVE\""));

        java.nio.file.Files.write(jar, bundle(bsn, "1.0.1"));
        waitFor(() -> findOrNull(bsn) != null && "1.0.1".equals(findOrNull(bsn).getVersion().toString()));

        java.nio.file.Files.delete(jar);
        waitFor(() -> findOrNull(bsn) == null);
        assertTrue(send("GET", "/api/admin/bundles/log", null).body().contains("deploy:" + bsn + ".jar"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Thread.sleep(100);
        }
    }

    private List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            ids.add(b.getBundleId());
        }
        return ids;
    }

    private Bundle find(String bsn) {
        Bundle b = findOrNull(bsn);
        if (b == null) {
            throw new AssertionError("no bundle " + bsn);
        }
        return b;
    }

    private Bundle findOrNull(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
        return api.jar(method, path, body);
    }
}
