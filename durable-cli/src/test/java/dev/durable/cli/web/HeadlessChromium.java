package dev.durable.cli.web;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium headless through Debian's chromedriver, both found at fixed paths (or
 * {@code -Ddurable.chromium=...} and {@code -Ddurable.chromedriver=...}), so that Selenium never
 * downloads a browser or driver. A missing browser is an error, never a skipped test: the page's
 * tests must run in CI, which installs both ({@code .ci/run}).
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  static ChromeDriver start(int width, int height) {
    File browser = new File(System.getProperty("durable.chromium", "/usr/bin/chromium"));
    File driver = new File(System.getProperty("durable.chromedriver", "/usr/bin/chromedriver"));
    if (!browser.canExecute() || !driver.canExecute()) {
      List<File> missing = Stream.of(browser, driver).filter(f -> !f.canExecute()).toList();
      throw new IllegalStateException("The web page's browser tests need Chromium and its driver; missing: "
          + missing + ". Fix: apt-get install -y chromium chromium-driver (as .ci/run does), or pass"
          + " -Ddurable.chromium=PATH -Ddurable.chromedriver=PATH.");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--disable-extensions", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--lang=en-US", "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver)
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return chrome;
  }
}
