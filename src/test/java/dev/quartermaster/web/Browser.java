package dev.quartermaster.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through chromedriver, both at fixed paths so that Selenium never looks for or
 * downloads a browser; tests are skipped, saying why, when either is missing. Screenshots go to target/screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("qm.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("qm.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Why the browser tests cannot run here. */
    static String missing() {
        return "SKIPPED: the browser tests need Debian's chromium and chromium-driver (.ci/run installs them); missing here: "
                + (Files.isExecutable(CHROMIUM) ? "" : CHROMIUM + " ") + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER);
    }

    /** Skips the calling test, saying why, unless Chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), Browser::missing);
    }

    static Browser start() {
        try {
            Path profile = Files.createTempDirectory("qm-chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=en-US");
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits up to 20 seconds for the element to be there and visible. */
    WebElement await(String css) {
        return until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The text of the element, read again should the page redraw it meanwhile. */
    String text(String css) {
        return until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    /** An attribute of the element, read again should the page redraw it meanwhile. */
    String attribute(String css, String name) {
        return until(d -> d.findElement(By.cssSelector(css)).getAttribute(name));
    }

    <T> T until(Function<WebDriver, T> condition) {
        // The pages redraw themselves every few seconds: an element found a moment ago may be gone; look again.
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition);
    }

    /** Opens the dashboard and logs in with {@code token}, logging out first if this tab was logged in. */
    void logIn(String url, String token) {
        open(url + "/");
        // Logged in already (the tab keeps its token): log out through the page, as a person would.
        String shown = until(d -> d.findElement(By.id("login")).isDisplayed() ? "login"
                : d.findElement(By.id("who")).isDisplayed() ? "logged in" : null);
        if (shown.equals("logged in")) {
            logOut();
        }
        WebElement input = await("#login-token");
        input.sendKeys(token);
        find("#login-submit").click();
        await("#whoami");
    }

    void logOut() {
        find("#logout").click();
        await("#login-token");
    }

    /** What the page wrote to the console as errors since the last call. */
    java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    /** Saves the whole page (up to 3,000 pixels high) as target/screenshots/NAME.png. */
    void screenshot(String name) {
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        try {
            Files.createDirectories(SCREENSHOTS);
            long height = (Long) driver.executeScript("return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight)");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(3000, Math.max(size.getHeight(), height))));
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind does no harm
            }
        }
    }
}
