package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.guanai.core.api.SchoolService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Hot-swap soak: 50 updates of the template programme while clients call the core and the programme. No core request
 * fails; programme requests fail only with 503 (inside the swap window); the class loaders of the replaced revisions can
 * be garbage-collected (nothing in the platform holds on to an updated programme's classes).
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ProgrammeHotSwapIT {
    static final String BSN = "org.guanai.examples.calls";
    static final int UPDATES = 50;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    org.guanai.core.api.ChildService children;

    static byte[] withVersion(byte[] jar, String version) throws IOException {
        return withVersion(jar, version, Map.of());
    }

    /** The jar with another version and the files named in {@code replaced} given that text. */
    static byte[] withVersion(byte[] jar, String version, Map<String, String> replaced) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream jo = new JarOutputStream(out, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    jo.putNextEntry(new JarEntry(e.getName()));
                    String text = replaced.get(e.getName());
                    if (text == null) {
                        in.transferTo(jo);
                    } else {
                        jo.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    jo.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void fiftyUpdatesUnderLoad() throws Exception {
        Api api = Api.ready(runtime);
        byte[] template = Files.readAllBytes(Path.of(context.getProperty("programme.template.jar")));
        long school = Fixtures.school(schools, "hotswap").school().id();
        Fixtures fixtures = new Fixtures();
        Fixtures.Place place = new Fixtures.Place(schools.school(school).orElseThrow(), schools.classes(school).get(0));
        long child = children.create(fixtures.child(place, "罗梦琪", java.time.LocalDate.of(2016, 2, 2),
                org.guanai.core.api.dto.Gender.FEMALE)).id();

        assertEquals(201, api.jar("POST", "/api/admin/bundles", withVersion(template, "1.0.0")).statusCode());
        assertEquals(200, api.json("PUT", "/api/schools/" + school + "/programmes/calls", "{\"enabled\":true}").statusCode());
        String programmePath = "/api/programmes/calls/children/" + child + "/calls?school=" + school;
        String corePath = "/api/children/" + child;
        assertEquals(200, api.get(programmePath).statusCode());

        Map<Integer, AtomicInteger> programmeCodes = new ConcurrentHashMap<>();
        AtomicInteger coreRequests = new AtomicInteger();
        List<String> coreFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> otherAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> answer = api.get(programmePath);
                        programmeCodes.computeIfAbsent(answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (answer.statusCode() != 200 && answer.statusCode() != 503) {
                            otherAnswers.add(answer.statusCode() + " " + answer.body());
                        }
                        int core = api.get(corePath).statusCode();
                        coreRequests.incrementAndGet();
                        if (core != 200) {
                            coreFailures.add("status " + core);
                        }
                    } catch (Exception e) {
                        coreFailures.add(e.toString());
                    }
                }
            }, "client-" + i);
            t.start();
            clients.add(t);
        }

        List<WeakReference<ClassLoader>> replaced = new ArrayList<>();
        for (int i = 1; i <= UPDATES; i++) {
            replaced.add(new WeakReference<>(bundle().adapt(BundleWiring.class).getClassLoader()));
            HttpResponse<String> r = api.jar("PUT", "/api/admin/bundles/" + BSN, withVersion(template, "1.0." + i));
            assertEquals(200, r.statusCode(), r.body());
        }
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        assertEquals(List.of(), coreFailures, "core requests never fail");
        assertTrue(coreRequests.get() > UPDATES, "the clients really ran: " + coreRequests);
        assertTrue(programmeCodes.keySet().stream().allMatch(c -> c == 200 || c == 503),
                "programme answers: " + programmeCodes + ", other than 200 and 503: " + otherAnswers);
        assertTrue(programmeCodes.containsKey(200), "programme answers: " + programmeCodes);
        assertEquals("1.0." + UPDATES, bundle().getVersion().toString());
        assertEquals(200, api.get(programmePath).statusCode());

        // the replaced revisions' class loaders are collectable
        int alive = UPDATES;
        for (int attempt = 0; attempt < 20 && alive > 0; attempt++) {
            System.gc();
            Thread.sleep(100);
            alive = (int) replaced.stream().filter(w -> w.get() != null).count();
        }
        assertEquals(0, alive, "class loaders of replaced programme revisions still reachable: " + alive + " of " + UPDATES);

        assertEquals(200, api.jar("DELETE", "/api/admin/bundles/" + BSN, null).statusCode());
    }

    /** A failed run uninstalls the programme too: the next test class installs the same template. */
    @AfterEach
    void uninstall() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                Api.ready(runtime).jar("DELETE", "/api/admin/bundles/" + BSN, null);
            }
        }
    }

    private Bundle bundle() {
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no " + BSN);
    }
}
