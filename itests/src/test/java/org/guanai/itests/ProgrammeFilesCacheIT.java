package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A programme's page files ({@code /ui/programmes/<id>/…}) are validated on every use, centrally, whatever the
 * programme does: {@code Cache-Control: no-cache}, a strong {@code ETag} that changes when the programme's bundle is
 * updated, {@code 304} to a matching {@code If-None-Match}, and no {@code Last-Modified} (jar entry times under
 * reproducible builds say 1980, and a date check would answer 304 for a changed file).
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ProgrammeFilesCacheIT {
    static final String BSN = "org.guanai.examples.calls";
    static final String PAGE = "/ui/programmes/calls/main.js";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;

    private void awaitActive(String version) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!programmes.programme("calls").map(p -> p.state() == ProgrammeState.ACTIVE && p.bundleVersion().equals(version))
                .orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "calls " + version + " not ACTIVE: " + programmes.programme("calls"));
            Thread.sleep(50);
        }
    }

    @Test
    void pageFilesAreRevalidatedAndAnUpdateChangesTheirETag() throws Exception {
        Api api = Api.ready(runtime);
        byte[] template = Files.readAllBytes(Path.of(context.getProperty("programme.template.jar")));
        HttpResponse<String> installed = api.jar("POST", "/api/admin/bundles", ProgrammeHotSwapIT.withVersion(template, "1.0.0"));
        assertEquals(201, installed.statusCode(), installed.body());
        try {
            awaitActive("1.0.0");
            RawTarget.Answer first = RawTarget.get(api.base, PAGE, RawTarget.ADMIN);
            assertEquals(200, first.status(), first.toString());
            assertEquals("no-cache", first.header("Cache-Control"));
            assertNull(first.header("Last-Modified"), "no date from the jar (1980 under reproducible builds)");
            String etag = first.header("ETag");
            assertTrue(etag != null && etag.matches("\"[^\"]+\""), "a strong ETag: " + etag);
            assertEquals(etag, RawTarget.get(api.base, "/ui/programmes/calls/i18n/zh.json", RawTarget.ADMIN).header("ETag"),
                    "one ETag for the programme's files");

            // revalidation: 304 without a body for the same ETag (also in a list, also weak), 200 for another
            RawTarget.Answer same = RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-None-Match: " + etag);
            assertEquals(304, same.status(), same.toString());
            assertEquals(0, same.body().length);
            assertEquals(etag, same.header("ETag"));
            assertEquals("no-cache", same.header("Cache-Control"));
            assertEquals(304, RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-None-Match: \"other\", W/" + etag).status());
            assertEquals(200, RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-None-Match: \"other\"").status());
            // a date never validates (every file of every version says 1980)
            RawTarget.Answer dated = RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-Modified-Since: Sun, 06 Dec 2099 00:00:00 GMT");
            assertEquals(200, dated.status(), dated.toString());
            assertEquals(first.text(), dated.text());
            // the compressed variant revalidates too
            RawTarget.Answer gzipped = RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "Accept-Encoding: gzip");
            assertEquals("gzip", gzipped.header("Content-Encoding"));
            assertEquals(304, RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "Accept-Encoding: gzip", "If-None-Match: " + gzipped.header("ETag"))
                    .status());

            // update the programme to a version whose page differs: the file is new and so is the ETag
            String page = first.text().replace("<h1 id=\"calls-title\">", "<h1 id=\"calls-title\" data-build=\"v2\">");
            assertNotEquals(first.text(), page, "the template's page has the title this test changes");
            HttpResponse<String> updated = api.jar("PUT", "/api/admin/bundles/" + BSN,
                    ProgrammeHotSwapIT.withVersion(template, "1.0.1", Map.of("ui/main.js", page)));
            assertEquals(200, updated.statusCode(), updated.body());
            awaitActive("1.0.1");
            RawTarget.Answer after = RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-None-Match: " + etag,
                    "If-Modified-Since: Sun, 06 Dec 2099 00:00:00 GMT");
            assertEquals(200, after.status(), after.toString());
            assertEquals(page, after.text());
            assertNotEquals(etag, after.header("ETag"));
            assertEquals(304, RawTarget.get(api.base, PAGE, RawTarget.ADMIN, "If-None-Match: " + after.header("ETag")).status());
        } finally {
            assertEquals(200, api.jar("DELETE", "/api/admin/bundles/" + BSN, null).statusCode());
        }
    }
}
