package org.guanai.launcher.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import org.guanai.launcher.GuanaiProcess;
import org.guanai.launcher.Jars;
import org.guanai.launcher.browser.Browser.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A programme updated while a user has its page open: after the update, reloading the page (no cache cleared) shows the
 * new page. The platform validates a programme's page files ({@code Cache-Control: no-cache}, an ETag that changes with
 * the programme's bundle), so the browser does not go on using the old {@code main.js} and translations from its cache.
 */
class ProgrammeUpdateBrowserIT {
    private static final String BSN = "org.guanai.examples.calls";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file of the template's jar, as text. */
    private static String entry(byte[] jar, String name) throws Exception {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in the template");
    }

    private static void awaitRunning(GuanaiProcess platform, String version) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode module = JSON.readTree(platform.get("/api/admin/bundles/" + BSN).body());
            if ("ACTIVE".equals(module.path("programmeState").asText()) && version.equals(module.path("version").asText())) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "calls " + version + " not running: " + module);
            Thread.sleep(200);
        }
    }

    @Test
    void reloadingAfterAnUpdateShowsTheNewPage(@TempDir Path tmp) throws Exception {
        Browser.requireChromium();
        byte[] v1 = Jars.template();
        String main = entry(v1, "ui/main.js");
        String zh = entry(v1, "ui/i18n/zh.json");
        String newMain = main.replace("<h1 id=\"calls-title\">", "<h1 id=\"calls-title\" data-build=\"v2\">");
        String newZh = zh.replace("\"title\": \"亲情电话\"", "\"title\": \"亲情电话（新版）\"");
        assertNotEquals(main, newMain, "the template's page has the title element this test changes");
        assertNotEquals(zh, newZh, "the template's translation has the title this test changes");
        byte[] v2 = Jars.variant(v1, Map.of("Bundle-Version", "1.1.0"), Map.of("ui/main.js", newMain, "ui/i18n/zh.json", newZh));

        try (GuanaiProcess platform = new GuanaiProcess(Jars.guanai(), tmp.resolve("data"),
                Map.of("GUANAI_DEMO", "true", "GUANAI_ALLOW_UNSIGNED", "true"))) {
            platform.start();
            HttpResponse<String> installed = platform.upload("POST", "/api/admin/bundles", v1);
            assertEquals(201, installed.statusCode(), installed.body());
            awaitRunning(platform, "1.0.0");
            long school = JSON.readTree(platform.credentials("school", "guanai-demo").get("/api/me").body())
                    .get("schoolIds").get(0).asLong();
            platform.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
            HttpResponse<String> enabled = platform.put("/api/schools/" + school + "/programmes/calls", "{\"enabled\":true}");
            assertEquals(200, enabled.statusCode(), enabled.body());

            try (Browser b = new Browser(platform.baseUrl(), Variant.ZH_DESKTOP)) {
                b.signIn("school", "guanai-demo");
                b.menu("#/p/calls");
                b.waiting().until(ExpectedConditions.textToBe(By.id("calls-title"), "亲情电话"));
                assertNull(b.await(By.id("calls-title")).getAttribute("data-build"));
                b.screenshot("programme-before-update");

                HttpResponse<String> updated = platform.upload("PUT", "/api/admin/bundles/" + BSN, v2);
                assertEquals(200, updated.statusCode(), updated.body());
                awaitRunning(platform, "1.1.0");

                // a reload, as a user would press F5: the browser keeps its cache and revalidates
                b.driver.navigate().refresh();
                b.waiting().until(ExpectedConditions.textToBe(By.id("calls-title"), "亲情电话（新版）"));
                assertEquals("v2", b.await(By.id("calls-title")).getAttribute("data-build"), "the new main.js");
                b.screenshot("programme-after-update");
                b.assertNoConsoleErrors();
            }
        }
    }
}
