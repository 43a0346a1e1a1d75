package io.realtimehub.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: nothing is downloaded at run
 * time (Selenium Manager is never asked, because both binaries are named). Each browser has a
 * fresh profile, deleted on close. Paths: {@code -Dchrome.binary} or {@code CHROME_BIN} (default
 * /usr/bin/chromium), {@code -Dwebdriver.chrome.driver} or {@code CHROMEDRIVER} (default
 * /usr/bin/chromedriver).
 *
 * <p>Scripts run as function bodies: {@code script("return document.title")}. A returned Promise
 * is awaited (within 30 s), so {@code script("return fetch('/api/stats').then(r => r.status)")}
 * works too. For a screenshot of every open browser when a test fails, annotate the test class
 * with {@code @ExtendWith(Browser.ScreenshotOnFailure.class)} and close browsers in
 * {@code @AfterEach}/{@code @AfterAll} rather than inside the test method.
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();
    /*
     * Selenium warns at every start when Chromium is newer than its DevTools bindings; the tests
     * use WebDriver only, never DevTools. Held here: java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_WARNINGS = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_WARNINGS.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless Chromium with one empty tab. */
    public static Browser start() throws IOException {
        String binary = setting("chrome.binary", "CHROME_BIN", "/usr/bin/chromium");
        String chromedriver = setting("webdriver.chrome.driver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        for (String exe : List.of(binary, chromedriver)) {
            if (!new File(exe).canExecute()) {
                throw new IllegalStateException(exe + " not found: install Debian's chromium and chromium-driver"
                        + " (server-config/test.sh does), or set CHROME_BIN and CHROMEDRIVER");
            }
        }
        Path profile = Files.createTempDirectory("hub-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                // No calls home on this closed network (they only wait for timeouts).
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check",
                // Tabs behind the current one keep their timers and connections at full speed.
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(driver, profile);
        OPEN.add(browser);
        return browser;
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Loads the URL in the current tab and waits for the page's load event. */
    public void open(String url) {
        driver.get(url);
    }

    public void open(URI url) {
        open(url.toString());
    }

    /** Opens the URL in a new tab and switches to it; returns the tab's handle. */
    public String newTab(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    public String newTab(URI url) {
        return newTab(url.toString());
    }

    /** The current tab's handle. */
    public String tab() {
        return driver.getWindowHandle();
    }

    public void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    /**
     * Closes the tab (its page's connections end as when a user closes it). If it was the
     * current tab, switches to another one that is still open.
     */
    public void closeTab(String handle) {
        String current = driver.getWindowHandle();
        driver.switchTo().window(handle);
        driver.close();
        Set<String> left = driver.getWindowHandles();
        driver.switchTo().window(left.contains(current) ? current : left.iterator().next());
    }

    /** Runs {@code js} as a function body with {@code arguments}; a returned Promise is awaited. */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /**
     * Runs {@code js} as a function body whose last argument is a callback; returns what is passed
     * to it, or fails when it is not called within the timeout.
     */
    public Object asyncScript(String js, Duration timeout, Object... args) {
        driver.manage().timeouts().scriptTimeout(timeout);
        try {
            return driver.executeAsyncScript(js, args);
        } finally {
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        }
    }

    /**
     * Evaluates the JavaScript expression every 50 ms until it is truthy; returns its value (an
     * object or array as JSON text). Fails after the timeout with the expression, its last value
     * (or what it threw), the page's title and the browser console's recent lines.
     */
    public Object awaitTrue(String jsExpression, Duration timeout) throws InterruptedException {
        String js = "const v = (" + jsExpression + ");\n"
                + "let shown = v;\n"
                + "if (v !== null && (typeof v === 'object' || typeof v === 'function')) {\n"
                + "  try { shown = JSON.stringify(v) ?? String(v); } catch (e) { shown = String(v); }\n"
                + "}\n"
                + "return [!!v, shown === undefined ? 'undefined' : shown];";
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                List<?> result = (List<?>) driver.executeScript(js);
                last = result.get(1);
                if (Boolean.TRUE.equals(result.get(0))) {
                    return last;
                }
            } catch (JavascriptException e) {
                last = "threw " + firstLine(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + jsExpression
                        + "\n  last value: " + last + "\n  page: " + describePage() + "\n  console:\n    "
                        + String.join("\n    ", recent(consoleLog(), 30)));
            }
            Thread.sleep(50);
        }
    }

    /** The visible text of the first element matching the CSS selector. */
    public String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }

    public void click(String cssSelector) {
        driver.findElement(By.cssSelector(cssSelector)).click();
    }

    /** Everything the pages of this browser wrote to the console, and their uncaught errors, so far. */
    public List<String> consoleLog() {
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(e.getLevel() + " " + e.getMessage());
            }
        } catch (WebDriverException e) {
            console.add("(console not readable: " + firstLine(e) + ")");
        }
        return List.copyOf(console);
    }

    /**
     * Writes target/browser-screenshots/NAME.png of the current tab, and NAME.console.txt with the
     * console so far; returns the picture's path. Never throws: it is called when a test fails.
     */
    public Path screenshot(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Path png = SCREENSHOTS.resolve(safe + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(SCREENSHOTS.resolve(safe + ".console.txt"),
                    describePage() + "\n" + String.join("\n", consoleLog()) + "\n", StandardCharsets.UTF_8);
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + png + " failed: " + e);
        }
        return png;
    }

    /** The underlying driver, for what this class does not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    private String describePage() {
        try {
            return "\"" + driver.getTitle() + "\" at " + driver.getCurrentUrl();
        } catch (WebDriverException e) {
            return "(page not readable: " + firstLine(e) + ")";
        }
    }

    private static String firstLine(WebDriverException e) {
        String message = String.valueOf(e.getRawMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static List<String> recent(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    @Override
    public void close() {
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A profile left in /tmp is harmless.
        }
    }

    /**
     * {@code @ExtendWith(Browser.ScreenshotOnFailure.class)}: when a test fails, a screenshot of
     * each browser still open, named after the test (before {@code @AfterEach} closes them).
     */
    public static final class ScreenshotOnFailure implements AfterTestExecutionCallback {
        @Override
        public void afterTestExecution(ExtensionContext context) {
            if (context.getExecutionException().isEmpty()) {
                return;
            }
            String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
            int n = 0;
            for (Browser browser : OPEN) {
                Path png = browser.screenshot(n++ == 0 ? name : name + "-" + n);
                System.err.println("screenshot: " + png.toAbsolutePath());
            }
        }
    }
}
