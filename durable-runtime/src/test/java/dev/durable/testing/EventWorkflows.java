package dev.durable.testing;

import dev.durable.Compensations;
import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Workflows of the event and child tests across processes. Each step body writes {@code <workflow
 * id> <step> <pid>} to the ledger, so the test sees which process ran which step, and how often.
 */
public final class EventWorkflows {
  private EventWorkflows() {}

  /** Waits for an approval, with or without a timeout that escalates. */
  @DurableWorkflow(name = "approval")
  public static class Approval {
    private final FileLedger ledger;

    public Approval(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String approve(String who, long timeoutMillis) {
      prepare(who);
      if (timeoutMillis <= 0) {
        return finish(who, Durable.awaitEvent("approval", String.class));
      }
      Optional<String> by = Durable.awaitEvent("approval", String.class, Duration.ofMillis(timeoutMillis));
      return by.isPresent() ? finish(who, by.get()) : escalate(who);
    }

    @DurableStep
    public String prepare(String who) {
      ledger.ran(Durable.workflowId() + " prepare " + ProcessHandle.current().pid());
      return who;
    }

    @DurableStep
    public String finish(String who, String by) {
      ledger.ran(Durable.workflowId() + " finish " + ProcessHandle.current().pid());
      return who + " approved by " + by;
    }

    @DurableStep
    public String escalate(String who) {
      ledger.ran(Durable.workflowId() + " escalate " + ProcessHandle.current().pid());
      return who + " escalated";
    }
  }

  /** Collects {@code count} events named "item", in the order they come. */
  @DurableWorkflow(name = "collector")
  public static class Collector {
    private final FileLedger ledger;

    public Collector(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public List<String> collect(int count) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.add(got(Durable.awaitEvent("item", String.class)));
      }
      return items;
    }

    @DurableStep
    public String got(String item) {
      ledger.ran(Durable.workflowId() + " got-" + item + " " + ProcessHandle.current().pid());
      return item;
    }
  }

  /** A child: a step, a durable sleep, a step. */
  @DurableWorkflow(name = "provision")
  public static class Provision {
    private final FileLedger ledger;

    public Provision(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String provision(String what, long sleepMillis) {
      order(what);
      Durable.sleep(Duration.ofMillis(sleepMillis));
      return deliver(what);
    }

    @DurableStep
    public void order(String what) {
      ledger.ran(Durable.workflowId() + " order " + ProcessHandle.current().pid());
    }

    @DurableStep
    public String deliver(String what) {
      ledger.ran(Durable.workflowId() + " deliver " + ProcessHandle.current().pid());
      return what + " delivered";
    }
  }

  /** A parent with two children in parallel. */
  @DurableWorkflow(name = "parent")
  public static class Parent {
    private final FileLedger ledger;

    public Parent(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String onboard(String who, long sleepMillis) {
      String id = Durable.workflowId();
      CompletableFuture<String> laptop = Durable.async(
          () -> Durable.child(Provision.class, id + "-laptop").provision("laptop", sleepMillis));
      CompletableFuture<String> badge = Durable.async(
          () -> Durable.child(Provision.class, id + "-badge").provision("badge", sleepMillis));
      return welcome(who + ": " + laptop.join() + ", " + badge.join());
    }

    @DurableStep
    public String welcome(String text) {
      ledger.ran(Durable.workflowId() + " welcome " + ProcessHandle.current().pid());
      return text;
    }
  }

  /** A child that fails unless the "stock" event says there is stock. */
  @DurableWorkflow(name = "stock-check")
  public static class StockCheck {
    private final FileLedger ledger;

    public StockCheck(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String check(String item) {
      return confirm(item, Durable.awaitEvent("stock", String.class));
    }

    @DurableStep
    public String confirm(String item, String stock) {
      ledger.ran(Durable.workflowId() + " confirm " + ProcessHandle.current().pid());
      if (stock.equals("none")) {
        throw new IllegalStateException("no " + item + " in stock");
      }
      return item + " in stock";
    }
  }

  /** A saga: reserve, then a child; on the child's failure, the reservation is released. */
  @DurableWorkflow(name = "saga")
  public static class Saga {
    private final FileLedger ledger;

    public Saga(FileLedger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String order(String item) {
      Compensations undo = new Compensations();
      try {
        reserve(item);
        undo.add(() -> release(item));
        return Durable.child(StockCheck.class, Durable.workflowId() + "-stock").check(item);
      } catch (IllegalStateException e) {
        undo.compensate();
        return "compensated: " + e.getMessage();
      }
    }

    @DurableStep
    public void reserve(String item) {
      ledger.ran(Durable.workflowId() + " reserve " + ProcessHandle.current().pid());
    }

    @DurableStep
    public void release(String item) {
      ledger.ran(Durable.workflowId() + " release " + ProcessHandle.current().pid());
    }
  }
}
