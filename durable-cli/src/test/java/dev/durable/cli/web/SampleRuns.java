package dev.durable.cli.web;

import dev.durable.Durability;
import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.WorkflowStatus;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A database filled by running real workflows, as the web page's tests and screenshots need it: an
 * onboarding with parallel branches, a retried step and a durable sleep; a failed payment; runs
 * sleeping for an hour; a run whose stored values are hostile markup; and optionally one of
 * {@value #BIG_STEPS} steps.
 */
final class SampleRuns {
  static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
  static final String HOSTILE_ID = "<img src=x onerror=\"window.pwned=3\">";
  static final int BIG_STEPS = 10_000;

  /** What grantSystems returns: an object, so that the page shows its stored value as indented JSON. */
  public record Access(String login, List<String> systems, boolean vpn) {}

  /** Counts attempts per key, so that a step can fail a given number of times and then succeed. */
  public static final class Flakiness {
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final int failures;

    public Flakiness(int failures) {
      this.failures = failures;
    }

    void attempt(String key, String what) {
      if (attempts.merge(key, 1, Integer::sum) <= failures) {
        throw new IllegalStateException(what + " timed out for " + key + " (attempt " + attempts.get(key) + ")");
      }
    }
  }

  @DurableWorkflow(name = "onboarding")
  public static class Onboarding {
    private final Flakiness flakiness;

    public Onboarding(Flakiness flakiness) {
      this.flakiness = flakiness;
    }

    @WorkflowMethod
    public String onboard(String name, long reminderDelayMillis) {
      String employee = createRecord(name);
      CompletableFuture<String> laptop = Durable.async(() -> provisionLaptop(employee));
      CompletableFuture<Access> access = Durable.async(() -> grantSystems(createLogin(employee)));
      Instant welcomedAt = Durable.now();
      String message = sendWelcomeEmail(employee, laptop.join(), access.join(), welcomedAt.toString());
      Durable.sleep(Duration.ofMillis(reminderDelayMillis));
      return message + "; " + sendReminder(employee);
    }

    @DurableStep
    public String createRecord(String name) {
      work(120);
      return "E-" + Math.abs(name.hashCode() % 10_000) + " " + name;
    }

    @DurableStep(maxAttempts = 3, initialBackoffMillis = 60)
    public String provisionLaptop(String employee) {
      work(180);
      flakiness.attempt(employee, "The laptop inventory service");
      return "LAPTOP-" + Math.abs(employee.hashCode() % 100_000);
    }

    @DurableStep
    public String createLogin(String employee) {
      work(90);
      return employee.substring(employee.indexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT).replace(' ', '.');
    }

    @DurableStep
    public Access grantSystems(String login) {
      work(220);
      return new Access(login, List.of("mail", "chat", "wiki", "payroll"), true);
    }

    @DurableStep
    public String sendWelcomeEmail(String employee, String laptop, Access access, String at) {
      work(100);
      return "welcome mail to " + employee + " (" + laptop + ", login " + access.login() + ") at " + at;
    }

    @DurableStep
    public String sendReminder(String employee) {
      work(70);
      return "reminder mail to " + employee;
    }
  }

  @DurableWorkflow(name = "payment")
  public static class Payment {
    @WorkflowMethod
    public String pay(String order, int cents) {
      String reservation = reserve(order, cents);
      return charge(reservation, cents);
    }

    @DurableStep
    public String reserve(String order, int cents) {
      work(40);
      return "reservation of " + cents + " cents for " + order;
    }

    @DurableStep(maxAttempts = 2, initialBackoffMillis = 30)
    public String charge(String reservation, int cents) {
      work(60);
      throw new IllegalStateException("Card declined for " + reservation + ": insufficient funds");
    }
  }

  @DurableWorkflow(name = "reminder")
  public static class Reminder {
    @WorkflowMethod
    public String remind(String who) {
      String note = prepare(who);
      Durable.sleep(Duration.ofHours(1));
      return send(note);
    }

    @DurableStep
    public String prepare(String who) {
      return "note for " + who;
    }

    @DurableStep
    public String send(String note) {
      return "sent " + note;
    }
  }

  @DurableWorkflow(name = "hostile")
  public static class Hostile {
    @WorkflowMethod
    public String run(String input) {
      String echoed = echo(input);
      try {
        explode(input);
      } catch (IllegalArgumentException e) {
        // Recorded as a failed step with a hostile message; the run goes on.
      }
      return echoed;
    }

    @DurableStep
    public String echo(String input) {
      return input;
    }

    @DurableStep
    public void explode(String input) {
      throw new IllegalArgumentException(input);
    }
  }

  @DurableWorkflow(name = "import")
  public static class Import {
    @WorkflowMethod
    public int importRows(int rows) {
      int total = 0;
      for (int i = 0; i < rows; i++) {
        total += row(i);
      }
      return total;
    }

    @DurableStep
    public int row(int i) {
      return i % 7;
    }
  }

  private SampleRuns() {}

  /**
   * Fills {@code db} by running the workflows with a worker engine, which is closed before this
   * returns; the sleeping runs then stay WAITING.
   */
  static void populate(Path db, boolean big) throws Exception {
    try (DurableEngine engine = DurableEngine.builder(db)
        .durability(Durability.SURVIVES_PROCESS_CRASH)
        .pollInterval(Duration.ofMillis(50))
        .register(Onboarding.class, new Flakiness(1))
        .build()) {
      engine.workflow(Onboarding.class, "onboarding-ada-lovelace").onboard("Ada Lovelace", 700);
      engine.workflow(Onboarding.class, "onboarding-alan-turing").onboard("Alan Turing", 300);
      try {
        engine.workflow(Payment.class, "payment-order-1042").pay("order-1042", 12_900);
      } catch (IllegalStateException expected) {
        // The failed run is what the page shows.
      }
      try {
        engine.workflow(Payment.class, "payment-order-1043").pay("order-1043", 4_500);
      } catch (IllegalStateException expected) {
        // Resumed by the action tests.
      }
      engine.workflow(Hostile.class, HOSTILE_ID).run(HOSTILE);
      engine.start(Reminder.class, "reminder-grace-hopper", w -> w.remind("Grace Hopper"));
      engine.start(Reminder.class, "reminder-cancel-me", w -> w.remind("Cancel Me"));
      if (big) {
        engine.workflow(Import.class, "import-10000-rows").importRows(BIG_STEPS);
      }
      awaitStatus(engine, "reminder-grace-hopper", WorkflowStatus.WAITING);
      awaitStatus(engine, "reminder-cancel-me", WorkflowStatus.WAITING);
    }
  }

  private static void awaitStatus(DurableEngine engine, String id, WorkflowStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (engine.inspect(id).map(i -> i.status() != status).orElse(true)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Run " + id + " did not reach " + status + ": " + engine.inspect(id));
      }
      Thread.sleep(20);
    }
  }

  private static void work(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
