package io.animus.registry.console;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by its chromedriver, for the console's browser suite. Where they
 * are missing the suite is skipped with one line that says how to install them, unless
 * {@code ANIMUS_BROWSER_SUITE=required} (CI), where their absence fails the suite.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ANIMUS_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("ANIMUS_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static boolean skipAnnounced;

    final WebDriver driver;
    private final Path profile;
    private final String base;

    private Browser(WebDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** A fresh browser (new profile, no cookies) on the console at {@code base}, or the test is skipped. */
    static Browser open(String base) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            if ("required".equals(System.getenv("ANIMUS_BROWSER_SUITE"))) {
                Assertions.fail("The browser suite is required but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
            }
            synchronized (Browser.class) {
                if (!skipAnnounced) {
                    skipAnnounced = true;
                    System.out.println("Browser suite skipped: no Chromium here; install it with "
                            + "'apt-get install -y chromium chromium-driver' to run it");
                }
            }
            Assumptions.abort("no Chromium");
        }
        try {
            Path profile = Files.createTempDirectory("animus-console-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void go(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String path() {
        return url().substring(base.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !all(css).isEmpty();
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Signs in through the form and waits for the page it leads to. */
    void signIn(String username, String password) {
        go("/");
        type("#username", username);
        type("#password", password);
        find("#sign-in").click();
        waitUntil(() -> !path().equals("/") && !path().isEmpty());
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Waits up to five seconds for {@code condition}. */
    void waitUntil(java.util.function.BooleanSupplier condition) {
        waitUntil(Duration.ofSeconds(5), condition);
    }

    void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(50)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ignored -> condition.getAsBoolean());
    }

    /** The text of the page's message area, where refusals are shown. */
    String message() {
        return find("#messages").getText();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The serious and critical accessibility violations axe-core finds in the current page, as "id: help" lines. */
    @SuppressWarnings("unchecked")
    List<String> accessibilityViolations() {
        script(axeSource());
        Map<String, Object> results = (Map<String, Object>) asyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r), e => done({error: String(e)}));");
        Assertions.assertNull(results.get("error"), () -> "axe-core failed: " + results.get("error"));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) results.get("violations");
        return violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .map(v -> v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " at "
                        + ((List<Map<String, Object>>) v.get("nodes")).stream().map(n -> String.valueOf(n.get("target"))).toList())
                .toList();
    }

    private static String axe;

    private static synchronized String axeSource() {
        if (axe == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/"
                    + axeVersion() + "/axe.min.js")) {
                Assertions.assertNotNull(in, "axe-core webjar on the test classpath");
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return axe;
    }

    private static String axeVersion() {
        try (InputStream in = Browser.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("axe-core webjar missing from the test classpath", e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
