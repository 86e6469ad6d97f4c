package app.queued.host.webguest;

import java.time.Duration;
import java.time.Instant;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Web guests in their own processes (headless Chromium, so they do not count in the host's memory): one browser,
 * one tab per guest, each opening the party's address, joining with its own nickname and waiting for the queue on
 * screen. Prints PHONES N once all have joined, then keeps every tab (and its WebSocket) open until killed. The tabs
 * share the browser's storage, where the page keeps who it is; each tab's identity is cleared from the storage once
 * it joined (the tab keeps it in memory), so the next tab joins as a new guest, not as the one before.
 *
 * <p>Usage (host-app's test class path): {@code PhoneCrowd http://127.0.0.1:PORT/#code=CODE COUNT}
 */
public final class PhoneCrowd {
    private PhoneCrowd() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        try (ChromePhone browser = ChromePhone.open()) {
            ChromeDriver driver = browser.driver();
            for (int i = 1; i <= count; i++) {
                if (i > 1) {
                    driver.switchTo().newWindow(WindowType.TAB);
                }
                driver.get(url);
                driver.findElement(By.id("join-nickname")).sendKeys("Phone " + i);
                driver.findElement(By.id("join-submit")).click();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (!Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                        "return performance.getEntriesByName('queued:queue-shown').length > 0;"))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("phone " + i + " did not show the queue in 30 s");
                    }
                    Thread.sleep(50);
                }
                ((JavascriptExecutor) driver).executeScript("localStorage.clear();");
            }
            System.out.println("PHONES " + count);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
