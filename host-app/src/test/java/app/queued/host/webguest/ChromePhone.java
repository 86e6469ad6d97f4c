package app.queued.host.webguest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium at phone size, driven by Selenium through Debian's {@code chromedriver} (never Selenium
 * Manager: there is no internet here). Real input events; the browser's own WebSocket.
 */
final class ChromePhone implements PhoneBrowser, AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private ChromePhone(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether this machine has Debian's chromium and chromium-driver (CI installs them). */
    static boolean available() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    static ChromePhone open() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("queued-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=390,844");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(390, 844));
        // the viewport of a phone (the window's own frame would take some of it), overlay scrollbars and all
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", java.util.Map.of(
                "enabled", true, "maxTouchPoints", 5)); // a finger: no hover, coarse pointer
        return new ChromePhone(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * The console's errors since the last call: script errors and Content-Security-Policy violations. A socket
     * refused while the test has cut the network is expected and left out.
     */
    java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(message -> !message.contains("WebSocket connection to"))
                .toList();
    }

    @Override
    public void open(String url) {
        driver.get("about:blank"); // a new document even when only the fragment differs
        driver.get(url);
    }

    @Override
    public void reload() throws Exception {
        run("window.__beforeReload = true;");
        driver.navigate().refresh();
        await("window.__beforeReload === undefined && document.readyState === 'complete'");
    }

    @Override
    public String eval(String expression) {
        Object value = ((JavascriptExecutor) driver).executeScript("return (" + expression + ");");
        return value == null ? null : String.valueOf(value);
    }

    @Override
    public void run(String statements) {
        ((JavascriptExecutor) driver).executeScript(statements);
    }

    @Override
    public void click(String cssSelector) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            awaitStill();
            try {
                driver.findElement(By.cssSelector(cssSelector)).click();
                return;
            } catch (ElementClickInterceptedException e) {
                // a frame arrived between the check and the click and a row began to slide over it: wait again
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void type(String cssSelector, String text) {
        WebElement field = driver.findElement(By.cssSelector(cssSelector));
        field.clear();
        field.sendKeys(text);
    }

    @Override
    public void screenshot(Path file) throws Exception {
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
