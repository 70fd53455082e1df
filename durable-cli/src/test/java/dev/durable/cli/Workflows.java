package dev.durable.cli;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small real workflows whose runs fill the database the command-line tests look at. */
final class Workflows {
  private Workflows() {}

  /** A run that completes; its second step returns a value longer than a line. */
  @DurableWorkflow(name = "Greeting")
  public static class Greeting {
    @WorkflowMethod
    public String greet(String name) {
      String hello = hello(name);
      return hello + " / " + letter(name).size();
    }

    @DurableStep
    public String hello(String name) {
      return "hello " + name;
    }

    @DurableStep
    public List<String> letter(String name) {
      return List.of("Dear " + name + ", welcome aboard.", "x".repeat(200), "Regards");
    }
  }

  /** A run that fails at its second step, which throws with a cause while cards are declined. */
  @DurableWorkflow(name = "Payment")
  public static class Payment {
    /** Cleared by a test that resumes the failed run and lets a worker finish it. */
    static volatile boolean cardsDeclined = true;

    @WorkflowMethod
    public String pay(String item) {
      String reserved = reserve(item);
      return charge(reserved);
    }

    @DurableStep
    public String reserve(String item) {
      return "reserved " + item;
    }

    @DurableStep(maxAttempts = 1)
    public String charge(String reserved) {
      if (!cardsDeclined) {
        return "paid for " + reserved;
      }
      throw new IllegalStateException("card declined for " + reserved, new java.io.IOException("gateway said 402"));
    }
  }

  /** A run that is WAITING on a durable sleep of an hour after its first step. */
  @DurableWorkflow(name = "Reminder")
  public static class Reminder {
    @WorkflowMethod
    public String remind(String who) {
      String note = note(who);
      Durable.sleep(Duration.ofHours(1));
      return note + " sent";
    }

    @DurableStep
    public String note(String who) {
      return "remember " + who;
    }
  }

  /** A run whose step holds until the test opens the gate, so that the test can act while it runs. */
  @DurableWorkflow(name = "Held")
  public static class Held {
    static final CountDownLatch entered = new CountDownLatch(1);
    static final CountDownLatch gate = new CountDownLatch(1);

    @WorkflowMethod
    public String hold() {
      return waitAtGate();
    }

    @DurableStep
    public String waitAtGate() {
      entered.countDown();
      try {
        return gate.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }

  /** A run with two {@link Durable#async} branches, so its steps have branch positions. */
  @DurableWorkflow(name = "Fanout")
  public static class Fanout {
    @WorkflowMethod
    public int fan(int n) {
      CompletableFuture<Integer> left = Durable.async(() -> square(n));
      CompletableFuture<Integer> right = Durable.async(() -> square(n + 1));
      return left.join() + right.join();
    }

    @DurableStep
    public int square(int x) {
      return x * x;
    }
  }
}
