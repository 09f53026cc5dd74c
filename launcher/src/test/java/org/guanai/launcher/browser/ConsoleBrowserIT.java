package org.guanai.launcher.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.guanai.launcher.GuanaiProcess;
import org.guanai.launcher.Jars;
import org.guanai.launcher.browser.Browser.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (headless Chromium) against a running guanai.jar with the demo county: sign in,
 * the dashboard's charts, a child archive refused with a field error beside the field and then corrected, a programme
 * uploaded through module administration with its dry-run preview, enabled and disabled for a school with the menu
 * following, and its page opened. Every flow runs in 中文 and in English, at 1280 px and at 375 px (sign-in in all four
 * combinations, the other flows in two that cover both languages and both widths, to keep the suite short), and saves
 * screenshots under {@code target/browser-screenshots/}; any error in the browser's console fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String DEMO_PASSWORD = "guanai-demo";
    private static final String BSN = "org.guanai.examples.calls";

    private GuanaiProcess platform;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Browser.requireChromium();
        platform = new GuanaiProcess(Jars.guanai(), tmp.resolve("data"), Map.of("GUANAI_DEMO", "true"));
        platform.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    private Browser browser(Variant v) throws Exception {
        return new Browser(platform.baseUrl(), v);
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(Variant.class)
    void signInAndSeeTheDashboard(Variant v) throws Exception {
        try (Browser b = browser(v)) {
            b.open("");
            b.await(By.id("login-submit"));
            if (v.en()) {
                b.click(By.id("lang-switch"));
                b.waiting().until(ExpectedConditions.textToBe(By.id("login-submit"), "Sign in"));
            }
            assertEquals(v.en() ? "en" : "zh-CN", b.js("return document.documentElement.lang"));
            b.type(By.name("username"), "school");
            b.type(By.name("password"), "wrong-password");
            b.click(By.id("login-submit"));
            WebElement alert = b.await(By.cssSelector("[role=alert]"));
            assertFalse(alert.getText().isBlank());
            assertEquals(v.en(), alert.getText().matches("[\\x00-\\x7F]+"), "the error in the chosen language: " + alert.getText());
            b.type(By.name("password"), DEMO_PASSWORD);
            b.click(By.id("login-submit"));
            WebElement children = b.await(By.id("stat-children"));
            assertTrue(Integer.parseInt(children.getText().trim()) > 0, "children on the dashboard: " + children.getText());
            b.waiting().until(d -> d.findElements(By.cssSelector(".chart svg")).size() >= 3);
            assertTrue(b.await(By.id("stat-completeness")).getText().endsWith("%"));
            b.assertNoHorizontalScroll();
            b.screenshot("dashboard");
            b.assertNoConsoleErrors("/api/login - Failed to load resource: the server responded with a status of 401");
        }
    }

    @Order(2)
    @ParameterizedTest
    @EnumSource(names = { "ZH_DESKTOP", "EN_PHONE" })
    void createAChildWithAValidationErrorThenCorrectIt(Variant v) throws Exception {
        try (Browser b = browser(v)) {
            b.signIn("school", DEMO_PASSWORD);
            b.menu("#/children");
            b.await(By.id("children-table"));
            b.click(By.id("new-child"));
            String name = (v.en() ? "李" : "王") + "小" + "春夏秋冬".charAt(v.ordinal());
            LocalDate born = LocalDate.of(2017, 3, 10 + v.ordinal());
            String id = idNumber(born, 11 + 2 * v.ordinal());
            String wrong = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
            b.type(By.name("name"), name);
            b.set(By.name("gender"), "MALE");
            b.set(By.name("birthDate"), born.toString());
            b.set(By.name("leftBehindType"), "BOTH_AWAY");
            b.type(By.name("idNumber"), wrong);
            b.click(By.cssSelector("main button[type=submit]"));

            // the API's message for the field, beside the field, in the console's language
            WebElement error = b.await(By.xpath("//input[@name='idNumber']/following-sibling::span[@class='error']"));
            assertFalse(error.getText().isBlank());
            assertEquals(v.en(), error.getText().matches("[\\x00-\\x7F]+"), "message in the chosen language: " + error.getText());
            assertEquals("true", b.await(By.name("idNumber")).getAttribute("aria-invalid"));
            assertEquals(error.getAttribute("id"), b.await(By.name("idNumber")).getAttribute("aria-describedby"));
            b.assertNoHorizontalScroll();
            b.screenshot("child-error");

            b.type(By.name("idNumber"), id);
            b.click(By.cssSelector("main button[type=submit]"));
            b.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("child-name"), name));
            assertEquals(id, b.await(By.cssSelector("dd[data-field=idNumber]")).getText());
            b.screenshot("child-created");

            // the contact card checked with the family this quarter, nothing changed (联系卡核对)
            b.click(By.id("card-check"));
            b.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"),
                    v.en() ? "Recorded: contact card checked" : "已记录：本季度联系卡已核对"));

            // its history: the creation, field by field, and the check
            b.click(By.id("tab-history"));
            WebElement history = b.await(By.id("history"));
            assertTrue(history.getText().contains(v.en() ? "Created" : "新建"), history.getText());
            assertTrue(history.getText().contains(v.en() ? "Checked" : "核对"), history.getText());
            assertTrue(history.getText().contains(name), history.getText());
            b.screenshot("child-history");
            b.assertNoConsoleErrors("/api/children - Failed to load resource: the server responded with a status of 400");
        }
    }

    @Order(3)
    @ParameterizedTest
    @EnumSource(names = { "EN_DESKTOP", "ZH_PHONE" })
    void uploadAProgrammeWithItsDryRunPreview(Variant v) throws Exception {
        try (Browser b = browser(v)) {
            b.signIn("county", DEMO_PASSWORD);
            b.menu("#/modules");
            b.await(By.id("bundles-table"));
            boolean installed = !b.driver.findElements(By.cssSelector("tr[data-bsn='" + BSN + "']")).isEmpty();
            b.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(Jars.templatePath().toRealPath().toString());
            b.click(By.id("dry-run"));
            WebElement plan = b.await(By.id("dry-run-result"));
            assertTrue(plan.getText().contains(BSN), plan.getText());
            String action = b.await(By.id("plan-action")).getText();
            assertEquals(installed ? (v.en() ? "update" : "更新") : (v.en() ? "install" : "安装"), action);
            b.screenshot("module-dry-run");
            b.click(By.id("apply"));
            b.await(By.cssSelector("main .alert.ok"));
            b.awaitGone(By.id("dry-run-result"));
            WebElement row = b.await(By.cssSelector("tr[data-bsn='" + BSN + "']"));
            b.waiting().until(d -> row.getText().contains(v.en() ? "running" : "运行中"));
            b.assertNoHorizontalScroll();
            b.screenshot("module-installed");
            b.assertNoConsoleErrors();
        }
    }

    @Order(4)
    @ParameterizedTest
    @EnumSource(names = { "ZH_DESKTOP", "EN_PHONE" })
    void enableAProgrammeOpenItsPageAndDisableIt(Variant v) throws Exception {
        By menuEntry = By.cssSelector("nav.menu a[data-programme=calls]");
        By toggle = By.cssSelector("section[data-programme=calls] button[data-action=toggle]");
        try (Browser b = browser(v)) {
            b.signIn("school", DEMO_PASSWORD);
            b.menu("#/programmes");
            b.await(toggle);
            assertTrue(b.driver.findElements(menuEntry).isEmpty(), "not in the menu before it is enabled");
            assertEquals("false", b.await(toggle).getAttribute("aria-pressed"));
            b.click(toggle);
            b.waiting().until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "true"));
            b.waiting().until(d -> !d.findElements(menuEntry).isEmpty());
            b.screenshot("programme-enabled");

            // the programme's own page, from its bundle, in the console's language
            b.menu("#/p/calls");
            WebElement title = b.await(By.id("calls-title"));
            assertEquals(v.en() ? "Family calls" : "亲情电话", title.getText());
            b.await(By.id("calls-monthly"));
            b.await(By.id("calls-calledAt"));
            b.assertNoHorizontalScroll();
            b.screenshot("programme-page");

            b.menu("#/programmes");
            b.click(toggle);
            b.waiting().until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "false"));
            b.waiting().until(d -> d.findElements(menuEntry).isEmpty());
            b.screenshot("programme-disabled");
            b.assertNoConsoleErrors();
        }
    }

    /**
     * Every programme shipped with the platform (installed, its demo content loaded and enabled for the demo schools on
     * the first start) shows its page: content rendered from its own module, no error, no console error, fits the phone.
     */
    @Order(5)
    @ParameterizedTest
    @EnumSource(names = { "ZH_DESKTOP", "EN_PHONE" })
    void everyShippedProgrammeShowsItsPage(Variant v) throws Exception {
        for (String id : SHIPPED) {
            // health data: the health worker (a school admin may not read it); the others: the school admin
            try (Browser b = browser(v)) {
                b.signIn(id.equals("health") ? "health" : "school", DEMO_PASSWORD);
                b.menu("#/p/" + id);
                By host = By.cssSelector(".programme-host[data-programme=" + id + "]");
                b.waiting().until(d -> {
                    String text = d.findElement(host).getText();
                    return text != null && text.strip().length() > 20;
                });
                Thread.sleep(1500); // let the page's first API calls answer
                String failed = v.en() ? "could not be opened" : "无法打开";
                assertTrue(b.driver.findElements(By.cssSelector(".alert")).stream().noneMatch(e -> e.getText().contains(failed)),
                        id + ": the console could not open the page");
                b.assertNoHorizontalScroll();
                b.screenshot("programme-" + id);
                b.assertNoConsoleErrors();
            }
        }
    }

    /** The programmes in launcher/src/main/resources/programmes/programmes.list. */
    private static final java.util.List<String> SHIPPED = java.util.List.of("pairing", "activities", "birthdays", "health");

    /** A valid 公民身份号码 (GB 11643) of a child born on {@code born} in 习水县, sequence {@code seq} (odd: male). */
    static String idNumber(LocalDate born, int seq) {
        String body = "520330" + born.toString().replace("-", "") + String.format("%03d", seq);
        int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
