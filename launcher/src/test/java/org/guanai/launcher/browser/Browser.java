package org.guanai.launcher.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the system's {@code chromium} and {@code chromium-driver} packages (Debian), driven through
 * chromedriver: nothing is downloaded (the driver and the browser are given, so Selenium Manager never runs). One
 * browser per test, with a fresh profile, at the width of the variant.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("guanai.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("guanai.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    /** The language and the window of a run: 中文 and English, desktop and phone. */
    enum Variant {
        ZH_DESKTOP("zh", 1280, 900), EN_DESKTOP("en", 1280, 900), ZH_PHONE("zh", 375, 812), EN_PHONE("en", 375, 812);

        final String lang;
        final int width;
        final int height;

        Variant(String lang, int width, int height) {
            this.lang = lang;
            this.width = width;
            this.height = height;
        }

        boolean phone() {
            return width < 800;
        }

        boolean en() {
            return lang.equals("en");
        }
    }

    final WebDriver driver;
    final Variant variant;
    private final String base;
    private final Path profile;

    /** Fails (or, with {@code -Dguanai.browser.skip=true}, skips) when chromium or chromedriver is missing. */
    static void requireChromium() {
        Assumptions.assumeFalse(Boolean.getBoolean("guanai.browser.skip"), "browser tests skipped (-Dguanai.browser.skip=true)");
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The web console's browser tests need Chromium and its driver: install them with"
                    + " `sudo apt-get install chromium chromium-driver` (Debian/Ubuntu), or point -Dguanai.chromium= and"
                    + " -Dguanai.chromedriver= at them; -Dguanai.browser.skip=true skips these tests. Missing: "
                    + (Files.isExecutable(CHROMIUM) ? "" : CHROMIUM + " ") + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER));
        }
    }

    Browser(String base, Variant variant) throws IOException {
        this.base = base;
        this.variant = variant;
        this.profile = Files.createTempDirectory("guanai-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + Math.max(variant.width, 500) + "," + variant.height, "--lang=" + (variant.en() ? "en-GB" : "zh-CN"));
        if (variant.phone()) {
            // a window cannot be narrower than 500 px: a phone's viewport is emulated (touch, device pixel ratio 2)
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", variant.width, "height", variant.height, "pixelRatio", 2.0, "touch", true)));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));

    }

    /** Waits up to 20 s; an element the page re-rendered meanwhile (stale) is looked up again. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the console (at {@code #/<hash>}) and checks the viewport is the variant's width. */
    void open(String hash) {
        driver.get(base + "/" + hash);
        assertEquals(variant.width, ((Number) js("return window.innerWidth")).intValue(), "viewport width");
    }

    WebElement await(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void awaitGone(By by) {
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    void click(By by) {
        waiting().until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sets a field's value as a user's input would (date and select controls take no typing the same way everywhere). */
    void set(By by, String value) {
        WebElement e = await(by);
        js("const e = arguments[0]; const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), 'value').set;"
                + " set.call(e, arguments[1]); e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));",
                e, value);
    }

    void type(By by, String text) {
        WebElement e = await(by);
        e.clear();
        e.sendKeys(text);
    }

    /** Signs in on the login page, in the variant's language (switching it on the login page). */
    void signIn(String user, String password) {
        open("");
        submitLogin(user, password);
        await(By.id("logout"));
    }

    /**
     * Fills in and sends the login page that is showing, in the variant's language (switching it if the page is in the
     * other one; the language chosen before stays after signing out).
     */
    void submitLogin(String user, String password) {
        String signIn = variant.en() ? "Sign in" : "登录";
        if (!signIn.equals(await(By.id("login-submit")).getText().strip())) {
            click(By.id("lang-switch"));
            waiting().until(ExpectedConditions.textToBe(By.id("login-submit"), signIn));
        }
        type(By.name("username"), user);
        type(By.name("password"), password);
        click(By.id("login-submit"));
    }

    /** Signs out through the header's button and waits for the login page. */
    void signOut() {
        click(By.id("logout"));
        await(By.id("login-submit"));
    }

    /** Opens the signed-in user's menu in the header and follows its link to {@code hash}. */
    void userMenu(String hash) {
        click(By.id("user-menu"));
        click(By.cssSelector("#user-menu-list a[href='" + hash + "']"));
    }

    /** Goes to a page through the menu, opening it first on a phone. */
    void menu(String hash) {
        if (variant.phone()) {
            click(By.cssSelector(".menu-toggle"));
        }
        click(By.cssSelector("nav.menu a[href='" + hash + "']"));
    }

    /** Scrolls the element to the middle of the window (for a screenshot of it). */
    void show(WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'})", e);
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + "-" + variant.name().toLowerCase() + ".png"),
                ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The page fits the window: nothing wider than the viewport (the 375 px rule). */
    void assertNoHorizontalScroll() {
        Number scroll = (Number) js("return document.documentElement.scrollWidth");
        Number client = (Number) js("return document.documentElement.clientWidth");
        if (scroll.intValue() > client.intValue()) {
            Object wide = js("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                    + ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8)"
                    + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')");
            fail("page wider than the window: " + scroll + " > " + client + "; sticking out: " + wide);
        }
    }

    /**
     * Fails on every SEVERE entry of the browser's console (script errors, failed loads) except the answers the test
     * provoked on purpose: {@code expected} are patterns of those entries (e.g. the 400 of a refused form).
     */
    void assertNoConsoleErrors(String... expected) {
        List<Pattern> allowed = new ArrayList<>();
        for (String e : expected) {
            allowed.add(Pattern.compile(e));
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && allowed.stream().noneMatch(p -> p.matcher(e.getMessage()).find())) {
                errors.add(e.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), "errors in the browser's console: " + errors);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
