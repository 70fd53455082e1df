package dev.durable.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;

import dev.durable.DurableEngine;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowSummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real headless Chromium, against a database of real runs. Every wait is on a
 * condition of the page, never a fixed sleep. Screenshots go to {@code target/web-screenshots}, or
 * to the directory {@code -Ddurable.web.screenshots=...} names (the docs' images are made with
 * {@code -Ddurable.web.screenshots=../docs}).
 */
class WebPageBrowserTest {
  @TempDir static Path dir;
  private static DurableEngine engine;
  private static WebServer readOnly;
  private static WebServer withActions;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void serve() throws Exception {
    Path db = dir.resolve("onboarding.db");
    SampleRuns.populate(db, true);
    engine = DurableEngine.builder(db).clientOnly().build();
    readOnly = WebServer.start(engine, WebServer.localAddress(0), false);
    withActions = WebServer.start(engine, WebServer.localAddress(0), true);
    browser = HeadlessChromium.start(1400, 1000);
    // The list re-renders every few seconds: an element found just before may be replaced.
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (readOnly != null) {
      readOnly.close();
      withActions.close();
      engine.close();
    }
  }

  @Test
  void list_showsTheRuns_withCountsByStatus() {
    openList(readOnly, "");

    assertThat(rowIds()).contains("onboarding-ada-lovelace", "payment-order-1042", "reminder-grace-hopper",
        "import-10000-rows", SampleRuns.HOSTILE_ID);
    assertThat(chipCount("FAILED")).isEqualTo("2");
    assertThat(chipCount("WAITING")).isEqualTo("2");
    assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("read-only");
  }

  @Test
  void list_filtersByStatus_andKeepsTheFilterInTheAddress() {
    openList(readOnly, "");

    click(By.cssSelector("#counts [data-status=FAILED]"));

    wait.until(urlContains("status=FAILED"));
    wait.until(d -> rowIds().equals(List.of("payment-order-1043", "payment-order-1042")));
    browser.navigate().refresh();
    wait.until(d -> rowIds().equals(List.of("payment-order-1043", "payment-order-1042")));
  }

  @Test
  void list_filtersByName() {
    openList(readOnly, "?name=reminder");

    wait.until(d -> rowIds().stream().allMatch(id -> id.startsWith("reminder-")) && rowIds().size() >= 2);
    assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("reminder");
  }

  @Test
  void list_refreshesItself_whenARunStarts() {
    openList(readOnly, "?name=reminder");
    assertThat(rowIds()).doesNotContain("reminder-late-arrival");

    engine.start(SampleRuns.Reminder.class, "reminder-late-arrival", w -> w.remind("Late Arrival"));

    wait.until(d -> rowIds().contains("reminder-late-arrival"));
  }

  @Test
  void timeline_drawsABarPerStep_andALanePerBranch() {
    openRun(readOnly, "onboarding-ada-lovelace");

    // Lanes: the workflow's own steps, the laptop branch (2) and the access branch (3).
    assertThat(browser.findElements(By.cssSelector(".timeline .lane"))).hasSize(3);
    assertThat(laneKeys()).containsExactly("", "2", "3");
    // createRecord, provisionLaptop, createLogin, grantSystems, sendWelcomeEmail, sendReminder.
    assertThat(browser.findElements(By.cssSelector(".timeline .step-mark.bar"))).hasSize(6);
    assertThat(browser.findElements(By.cssSelector(".timeline [data-lane='3'] .step-mark.bar"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector(".timeline .step-mark.sleep"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector(".timeline .step-mark.value"))).hasSize(1);
    WebElement laptop = browser.findElement(By.cssSelector(".timeline .step-mark.bar.retried"));
    assertThat(laptop.getAttribute("data-position")).isEqualTo("2.1");
    assertThat(laptop.getText()).contains("↻2");
    // Only the latest attempt's start is stored: the earlier ones are drawn from the fork to it.
    assertThat(laptop.findElements(By.cssSelector("rect.earlier"))).hasSize(1);
  }

  @Test
  void clickingAStep_showsItsStoredResultAsFormattedJson() {
    openRun(readOnly, "onboarding-ada-lovelace");

    browser.findElement(By.cssSelector(".timeline .step-mark[data-position='3.2']")).click();

    wait.until(textToBePresentInElementLocated(By.id("detail-value"), "\"systems\""));
    String shown = browser.findElement(By.id("detail-value")).getText();
    assertThat(shown).contains("{\n  \"login\": \"ada.lovelace\",\n  \"systems\": [\n    \"mail\",");
    assertThat(browser.findElement(By.cssSelector("#detail .detail-name")).getText()).endsWith("grantSystems");
    assertThat(browser.findElements(By.cssSelector(".timeline .step-mark.selected"))).hasSize(1);
  }

  @Test
  void aFailedRun_showsTheFailedStepInRed_withItsError() {
    openRun(readOnly, "payment-order-1042");

    WebElement failed = browser.findElement(By.cssSelector(".timeline .step-mark.bar.status-failed"));
    assertThat(failed.findElement(By.cssSelector("rect.attempt")).getCssValue("fill")).isEqualTo("rgb(224, 49, 49)");
    assertThat(failed.getText()).contains("✕");
    assertThat(browser.findElement(By.id("wf-error")).getText()).contains("Card declined for reservation");

    failed.click();

    wait.until(textToBePresentInElementLocated(By.id("detail"), "insufficient funds"));
    assertThat(browser.findElement(By.id("detail")).getText()).contains("Its body ran 2 times");
  }

  @Test
  void hostileValues_stayText() {
    openList(readOnly, "");
    By link = By.cssSelector("#runs tbody tr[data-id='" + cssString(SampleRuns.HOSTILE_ID) + "'] a");
    String shown = wait.until(d -> d.findElement(link).getText());
    assertThat(shown).isEqualTo(SampleRuns.HOSTILE_ID);

    click(link);
    wait.until(presenceOfElementLocated(By.cssSelector(".timeline-svg")));
    browser.findElement(By.cssSelector(".timeline .step-mark[data-position='1']")).click();
    wait.until(textToBePresentInElementLocated(By.id("detail-value"), "<script>"));

    assertThat(browser.findElement(By.id("detail-value")).getText()).contains(SampleRuns.HOSTILE.replace("\"", "\\\""));
    assertThat(browser.findElement(By.id("wf-id")).getText()).isEqualTo(SampleRuns.HOSTILE_ID);
    browser.findElement(By.cssSelector(".timeline .step-mark[data-position='2']")).click();
    wait.until(textToBePresentInElementLocated(By.cssSelector("#detail .error-message"), "onerror"));
    assertThat(browser.findElements(By.cssSelector("img[src='x'], script:not([src])"))).isEmpty();
    assertThat(browser.executeScript("return typeof window.pwned")).isEqualTo("undefined");
  }

  @Test
  void tenThousandSteps_areMergedIntoAFewHundredMarks_andPagedInTheTable() {
    openRun(readOnly, "import-10000-rows");

    WebElement svg = browser.findElement(By.cssSelector(".timeline-svg"));
    assertThat(svg.getAttribute("data-steps")).isEqualTo("10000");
    assertThat(browser.findElements(By.cssSelector(".timeline .step-mark")).size()).isBetween(1, 500);
    assertThat(browser.findElements(By.cssSelector("#steps tbody tr"))).hasSize(100);
    assertThat(browser.findElement(By.id("timeline")).getText()).contains("merged");
    assertThat(browser.findElement(By.id("pager")).getText()).contains("1–100 of 10,000");

    browser.findElement(By.id("next")).click();

    wait.until(textToBePresentInElementLocated(By.id("pager"), "101–200 of 10,000"));
  }

  @Test
  void withoutActions_thePageHasNoButtons_andTheServerRefusesAPost() {
    openRun(readOnly, "reminder-grace-hopper");

    assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
    Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/api/workflows/reminder-grace-hopper/cancel', {method: 'POST'}).then(r => done(r.status));");
    assertThat(status).isEqualTo(403L);
    assertThat(summary("reminder-grace-hopper").cancelRequested()).isFalse();
  }

  @Test
  void withActions_theCancelButtonCancels() {
    openRun(withActions, "reminder-cancel-me");

    click(By.id("action-cancel"));

    wait.until(textToBePresentInElementLocated(By.id("wf-status"), "cancel requested"));
    assertThat(summary("reminder-cancel-me").cancelRequested()).isTrue();
    wait.until(d -> !d.findElement(By.id("action-cancel")).isEnabled());
  }

  @Test
  void screenshots() throws Exception {
    Path out = Path.of(System.getProperty("durable.web.screenshots", "target/web-screenshots"));
    Files.createDirectories(out);
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 760));
    try {
      openList(readOnly, "");
      save(out.resolve("web-list.png"));
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1060));
      openRun(readOnly, "onboarding-ada-lovelace");
      browser.findElement(By.cssSelector(".timeline .step-mark[data-position='2.1']")).click();
      wait.until(textToBePresentInElementLocated(By.id("detail-value"), "LAPTOP-"));
      save(out.resolve("web-timeline.png"));
      openRun(readOnly, "import-10000-rows");
      Files.createDirectories(Path.of("target/web-screenshots"));
      save(Path.of("target/web-screenshots/web-10000-steps.png"));
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }
  }

  private static void save(Path file) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(file)).isPositive();
  }

  private static void openList(WebServer server, String query) {
    browser.get(server.uri() + query);
    wait.until(d -> !rowIds().isEmpty() || d.findElement(By.id("empty")).isDisplayed());
  }

  private static void openRun(WebServer server, String id) {
    browser.get(server.uri() + "workflow.html?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    wait.until(presenceOfElementLocated(By.cssSelector(".timeline-svg")));
    wait.until(numberOfElementsToBe(By.cssSelector("#error:not([hidden])"), 0));
  }

  /** Read in one script, so that a refresh of the list cannot happen halfway. */
  @SuppressWarnings("unchecked")
  private static List<String> rowIds() {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#runs tbody tr')].map((r) => r.getAttribute('data-id'));");
  }

  private static void click(By locator) {
    wait.until(d -> {
      d.findElement(locator).click();
      return true;
    });
  }

  private static List<String> laneKeys() {
    return browser.findElements(By.cssSelector(".timeline .lane")).stream().map(l -> l.getAttribute("data-lane")).toList();
  }

  private static String chipCount(String status) {
    String count = wait.until(d -> d.findElement(By.cssSelector("#counts [data-status=" + status + "] .chip-count")).getText());
    return count;
  }

  private static WorkflowSummary summary(String id) {
    return engine.list(WorkflowQuery.all().limit(1000)).stream()
        .filter(s -> s.workflowId().equals(id)).findFirst().orElseThrow();
  }

  /** The id as a CSS string literal's content. */
  private static String cssString(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(Map.of('\'', "\\'", '\\', "\\\\").getOrDefault(c, String.valueOf(c)));
    }
    return out.toString();
  }
}
