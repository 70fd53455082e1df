package dev.durable.testing;

import dev.durable.DurableEngine;
import dev.durable.WorkflowStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Child JVM of the event and child tests. Arguments: database, ledger, mode, then the mode's own.
 * <ul>
 *   <li>{@code approve ID TIMEOUT_MILLIS}, {@code collect ID COUNT}, {@code parent ID SLEEP_MILLIS},
 *       {@code saga ID}: a worker engine starts the workflow, prints {@code #WAITING ID} once it (and
 *       its children) wait, and runs until killed.
 *   <li>{@code send ID NAME PAYLOAD}: a client-only engine sends the event, prints {@code #SENT} and
 *       exits.
 *   <li>{@code send-with-start ID NAME PAYLOAD}: a client-only engine starts {@code approve(ID, 0)}
 *       and sends the event in one call, prints {@code #SENT} and exits.
 * </ul>
 */
public final class EventWorker {
  private EventWorker() {}

  public static void main(String[] args) throws Exception {
    CrashWorker.selfDestructAfter(120_000);
    Path db = Path.of(args[0]);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    String mode = args[2];
    String id = args[3];
    DurableEngine.Builder builder = DurableEngine.builder(db).pollInterval(Duration.ofMillis(200))
        .register(EventWorkflows.Approval.class, ledger).register(EventWorkflows.Collector.class, ledger)
        .register(EventWorkflows.Provision.class, ledger).register(EventWorkflows.Parent.class, ledger)
        .register(EventWorkflows.StockCheck.class, ledger).register(EventWorkflows.Saga.class, ledger);
    if (mode.startsWith("send")) {
      try (DurableEngine client = builder.clientOnly().build()) {
        if (mode.equals("send")) {
          client.sendEvent(id, args[4], args[5]);
        } else {
          client.sendEventWithStart(EventWorkflows.Approval.class, id, w -> w.approve(id, 0), args[4], args[5]);
        }
      }
      System.out.println("#SENT " + id);
      System.out.flush();
      return;
    }
    DurableEngine engine = builder.build();
    switch (mode) {
      case "approve" -> engine.start(EventWorkflows.Approval.class, id, w -> w.approve(id, Long.parseLong(args[4])));
      case "collect" -> engine.start(EventWorkflows.Collector.class, id, w -> w.collect(Integer.parseInt(args[4])));
      case "parent" -> engine.start(EventWorkflows.Parent.class, id, w -> w.onboard(id, Long.parseLong(args[4])));
      case "saga" -> engine.start(EventWorkflows.Saga.class, id, w -> w.order("laptop"));
      default -> throw new IllegalArgumentException(mode);
    }
    String[] waiting = mode.equals("parent") ? new String[] {id, id + "-laptop", id + "-badge"}
        : mode.equals("saga") ? new String[] {id, id + "-stock"} : new String[] {id};
    await(() -> {
      for (String w : waiting) {
        if (engine.inspect(w).map(i -> i.status() != WorkflowStatus.WAITING).orElse(true)) {
          return false;
        }
      }
      return true;
    });
    System.out.println("#WAITING " + id);
    System.out.flush();
    // Items the test sends while this JVM lives are consumed here; it reports each consumed one.
    int reported = 0;
    while (true) {
      int consumed = (int) engine.inspect(id).orElseThrow().events().stream().filter(e -> e.consumed()).count();
      for (; reported < consumed; reported++) {
        System.out.println("#CONSUMED " + (reported + 1));
        System.out.flush();
      }
      Thread.sleep(20);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(5);
    }
  }
}
