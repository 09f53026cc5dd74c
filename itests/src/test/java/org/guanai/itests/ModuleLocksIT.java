package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * Module operations lock per module: while the upload of a programme that is slow to start waits for it (the template
 * programme waiting for a service the test registers only at the end, as in {@link ProgrammeStartIT}), another module is
 * updated, stopped and started without waiting. Before the lock per module, one lock held every operation until the slow
 * programme was up. Each change of the desired state is also followed by the node's reconciler within a second (a change
 * made on another node comes in that way): that round must not wait for the slow programme either, nor hold the
 * operations behind it.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ModuleLocksIT {
    private static final String SLOW = "org.guanai.examples.calls";
    private static final String QUICK = "org.guanai.itests.locks.quick";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    @Test
    void anUpdateOfOneModuleDoesNotWaitForAnotherModulesSlowStart() throws Exception {
        Api api = Api.ready(runtime);
        byte[] slow = ProgrammeStartIT.waitingForALateService(Files.readAllBytes(Path.of(context.getProperty("programme.template.jar"))));
        HttpResponse<String> quick = api.jar("POST", "/api/admin/bundles", ModuleAdminIT.bundle(QUICK, "1.0.0"));
        assertEquals(201, quick.statusCode(), quick.body());
        ServiceRegistration<Runnable> late = null;
        try {
            CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.jar("POST", "/api/admin/bundles", slow);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!api.get("/api/programmes").body().contains("\"state\":\"STARTING\"") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(api.get("/api/programmes").body().contains("\"state\":\"STARTING\""), "the slow programme is starting");

            CompletableFuture<HttpResponse<String>> update = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.jar("PUT", "/api/admin/bundles/" + QUICK, ModuleAdminIT.bundle(QUICK, "1.0.1"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HttpResponse<String> updated = update.get(20, TimeUnit.SECONDS); // a TimeoutException is the failure
            assertEquals(200, updated.statusCode(), updated.body());
            assertTrue(updated.body().contains("\"version\":\"1.0.1\""), updated.body());
            // the update changed the desired state: the reconciler follows it within a second, while the slow one waits
            Thread.sleep(2_500);
            assertEquals(200, api.jar("POST", "/api/admin/bundles/" + QUICK + "/stop", null).statusCode());
            assertEquals(200, api.jar("POST", "/api/admin/bundles/" + QUICK + "/start", null).statusCode());
            assertFalse(upload.isDone(), "the slow programme still waits: " + (upload.isDone() ? upload.get().body() : ""));

            Hashtable<String, Object> props = new Hashtable<>();
            props.put("guanai.test", "late");
            late = context.registerService(Runnable.class, () -> { }, props);
            HttpResponse<String> installed = upload.get(60, TimeUnit.SECONDS);
            assertEquals(201, installed.statusCode(), installed.body());
        } finally {
            if (late != null) {
                late.unregister();
            }
            api.jar("DELETE", "/api/admin/bundles/" + SLOW, null);
            api.jar("DELETE", "/api/admin/bundles/" + QUICK, null);
        }
    }
}
