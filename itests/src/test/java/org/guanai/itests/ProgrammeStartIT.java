package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A programme that is slow to start is waited for, not refused after a fixed time (a school PC is slow): the template
 * programme (亲情电话) with one more mandatory reference in its Programme component, to a service the test registers
 * only {@value #LATE_SECONDS} s after the upload. The upload answers once the programme is up; before this change a
 * programme that "registered no Programme service within 10 s" was refused and uninstalled.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ProgrammeStartIT {
    private static final String BSN = "org.guanai.examples.calls";
    private static final String COMPONENT = "OSGI-INF/org.guanai.examples.calls.internal.CallsProgramme.xml";
    private static final int LATE_SECONDS = 12;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    /** The jar with one more reference in the Programme component: a {@code Runnable} with {@code guanai.test=late}. */
    static byte[] waitingForALateService(byte[] jar) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean changed = false;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            try (JarOutputStream jo = new JarOutputStream(out, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    byte[] content = in.readAllBytes();
                    if (e.getName().equals(COMPONENT)) {
                        String xml = new String(content, StandardCharsets.UTF_8);
                        String late = "<reference name=\"late\" interface=\"java.lang.Runnable\" target=\"(guanai.test=late)\"/>\n  ";
                        content = xml.replace("<implementation ", late + "<implementation ").getBytes(StandardCharsets.UTF_8);
                        changed = true;
                    }
                    jo.putNextEntry(new JarEntry(e.getName()));
                    jo.write(content);
                    jo.closeEntry();
                }
            }
        }
        assertTrue(changed, COMPONENT + " in the template");
        return out.toByteArray();
    }

    @Test
    void aProgrammeSlowToStartIsWaitedForNotRefused() throws Exception {
        Api api = Api.ready(runtime);
        byte[] slow = waitingForALateService(Files.readAllBytes(Path.of(context.getProperty("programme.template.jar"))));
        ServiceRegistration<Runnable> late = null;
        try {
            CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.jar("POST", "/api/admin/bundles", slow);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(TimeUnit.SECONDS.toMillis(LATE_SECONDS));
            assertFalse(upload.isDone(), "still waiting for its programme: " + (upload.isDone() ? upload.get().body() : ""));
            assertTrue(api.get("/api/programmes").body().contains("\"state\":\"STARTING\""), api.get("/api/programmes").body());

            Hashtable<String, Object> props = new Hashtable<>();
            props.put("guanai.test", "late");
            late = context.registerService(Runnable.class, () -> { }, props);
            HttpResponse<String> installed = upload.get(60, TimeUnit.SECONDS);
            assertEquals(201, installed.statusCode(), installed.body());
            assertTrue(installed.body().contains("\"state\":\"ACTIVE\""), installed.body());
            assertTrue(api.get("/api/programmes").body().contains("\"state\":\"ACTIVE\""), api.get("/api/programmes").body());
        } finally {
            if (late != null) {
                late.unregister();
            }
            api.jar("DELETE", "/api/admin/bundles/" + BSN, null);
        }
    }
}
