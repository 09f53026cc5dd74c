package org.guanai.launcher.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.launcher.GuanaiProcess;
import org.guanai.launcher.Jars;
import org.guanai.launcher.browser.Browser.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The accessibility sweep (issue 19): axe-core (the webjar's {@code axe.min.js}, injected into the page) runs over every
 * page of the console and every shipped programme's page, in 中文 and English, on a desktop and on a phone; a
 * {@code serious} or {@code critical} violation fails the test. The number of violations per page (of every impact, and
 * of those two) is printed, each serious or critical one with the rule, the elements and axe's summary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserIT {
    private static final String DEMO_PASSWORD = "guanai-demo";
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final List<String> PROGRAMMES = List.of("pairing", "activities", "birthdays", "health", "guardians", "subsidies", "home", "awards");

    private GuanaiProcess platform;
    private String axe;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Browser.requireChromium();
        try (InputStream in = AccessibilityBrowserIT.class.getClassLoader().getResourceAsStream(AXE)) {
            assertTrue(in != null, "axe-core on the test class path: " + AXE);
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        platform = new GuanaiProcess(Jars.guanai(), tmp.resolve("data"), Map.of("GUANAI_DEMO", "true"));
        platform.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = { "ZH_DESKTOP", "EN_PHONE" })
    void everyPageHasNoSeriousOrCriticalViolation(Variant v) throws Exception {
        Map<String, List<String>> found = new LinkedHashMap<>();
        // the login page, then the county administrator's pages
        try (Browser b = new Browser(platform.baseUrl(), v)) {
            b.open("");
            b.await(By.id("login-submit"));
            if (v.en()) {
                b.click(By.id("lang-switch"));
                b.waiting().until(d -> "Sign in".equals(d.findElement(By.id("login-submit")).getText().strip()));
            }
            found.put("login", check(b, "login"));
            axeSeesAPlantedViolation(b);
            b.submitLogin("county", DEMO_PASSWORD);
            b.await(By.id("logout"));
            for (String page : List.of("", "#/schools", "#/users", "#/programmes", "#/modules", "#/audit", "#/api", "#/password")) {
                b.open(page);
                found.put("county " + (page.isEmpty() ? "#/" : page), check(b, page));
            }
        }
        // the school administrator's: children, an archive with each of its tabs, the import, her programmes' pages
        try (Browser b = new Browser(platform.baseUrl(), v)) {
            b.signIn("school", DEMO_PASSWORD);
            for (String page : List.of("", "#/children", "#/import", "#/users", "#/programmes")) {
                b.open(page);
                found.put("school " + (page.isEmpty() ? "#/" : page), check(b, page));
            }
            b.open("#/children");
            String archive = b.await(By.cssSelector("#children-table tbody a[href^='#/children/']")).getAttribute("href");
            String hash = archive.substring(archive.indexOf('#'));
            for (String tab : List.of("", "/guardians", "/parents", "/history", "/print")) {
                b.open(hash + tab);
                found.put("school #/children/{id}" + tab, check(b, hash + tab));
            }
            b.open("#/children/new");
            found.put("school #/children/new", check(b, "#/children/new"));
            for (String id : PROGRAMMES) {
                if (!id.equals("health")) {
                    found.put("school #/p/" + id, programme(b, id));
                }
            }
        }
        // the health worker's page of the health programme
        try (Browser b = new Browser(platform.baseUrl(), v)) {
            b.signIn("health", DEMO_PASSWORD);
            found.put("health #/p/health", programme(b, "health"));
        }
        List<String> failures = new ArrayList<>();
        found.forEach((page, serious) -> serious.forEach(s -> failures.add(page + ": " + s)));
        assertTrue(failures.isEmpty(), failures.size() + " serious or critical accessibility violations (" + v + "):\n"
                + String.join("\n", failures));
    }

    private List<String> programme(Browser b, String id) throws Exception {
        b.open("#/p/" + id);
        By host = By.cssSelector(".programme-host[data-programme=" + id + "]");
        b.waiting().until(d -> {
            String text = d.findElement(host).getText();
            return text != null && text.strip().length() > 20;
        });
        return check(b, "#/p/" + id);
    }

    /**
     * Waits until the page has loaded (its heading shown, nothing still loading), runs axe-core over the document and
     * returns its serious and critical violations, one line each; prints the counts.
     */
    @SuppressWarnings("unchecked")
    private List<String> check(Browser b, String page) throws IOException {
        List<String> serious = new ArrayList<>();
        try {
            b.waiting().until(d -> !d.findElements(By.cssSelector("main h1, .login h1")).isEmpty()
                    && d.findElements(By.cssSelector(".loading, [aria-busy=true]")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            serious.add("no h1: every page has a heading of the first level");
        }
        // let the page's own API calls answer (tables, charts)
        b.waiting().until(d -> Boolean.TRUE.equals(b.js("return document.readyState === 'complete'")));
        sleep(800);
        if (Boolean.FALSE.equals(b.js("return typeof window.axe === 'object'"))) {
            b.js(axe);
        }
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " axe.run(document, {resultTypes: ['violations']}).then(r => done({violations: r.violations.map(v => ({"
                        + " id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
                        + " targets: v.nodes.slice(0, 4).map(n => n.target.join(' ') + (n.failureSummary ? ' — '"
                        + " + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160) : ''))}))}), e => done({error: String(e)}));");
        assertTrue(!result.containsKey("error"), page + ": axe-core failed: " + result.get("error"));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result.get("violations");
        int all = 0;
        for (Map<String, Object> v : violations) {
            all += ((Number) v.get("nodes")).intValue();
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                serious.add(v.get("impact") + " " + v.get("id") + " (" + v.get("nodes") + " elements: " + v.get("help") + ") "
                        + v.get("targets"));
            }
        }
        System.out.printf("axe-core %-11s %-36s %3d violations (%d rules), %d serious or critical rules%n", b.variant, page.isEmpty()
                ? "#/" : page, all, violations.size(), serious.size());
        violations.forEach(v -> System.out.println("    " + v.get("impact") + " " + v.get("id") + " ×" + v.get("nodes") + " "
                + v.get("targets")));
        String name = page.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        b.screenshot("axe-" + (name.isEmpty() ? "dashboard" : name));
        return serious;
    }

    /**
     * The sweep can fail: an image without a text alternative and grey text too pale on white, planted in the page, are
     * reported as critical and serious violations; then they are removed.
     */
    @SuppressWarnings("unchecked")
    private static void axeSeesAPlantedViolation(Browser b) {
        b.js("const d = document.createElement('div'); d.id = 'axe-planted';"
                + " d.innerHTML = '<img src=\"/console/icon.svg\"><p style=\"color:#bbb;background:#fff\">浅灰色文字 pale text</p>';"
                + " document.querySelector('.login, main, body').appendChild(d);");
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; axe.run('#axe-planted').then("
                        + " r => done({ids: r.violations.map(v => v.id + ':' + v.impact)}), e => done({ids: ['error:' + e]}));");
        List<String> ids = (List<String>) r.get("ids");
        b.js("document.getElementById('axe-planted').remove()");
        assertTrue(ids.contains("image-alt:critical") && ids.contains("color-contrast:serious"), "axe-core's findings: " + ids);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
