package dev.durable.testing;

import dev.durable.DurableEngine;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM of the sleep tests. Arguments: database, ledger, mode, workflow id, sleep millis.
 * Mode {@code sleep}: a worker engine starts the reminder, prints {@code #WAITING} once it sleeps,
 * and waits to be killed. Mode {@code start-client}: a client-only engine starts it, prints {@code
 * #STARTED} and exits, running nothing. Modes {@code branches} and {@code slow}: a worker engine
 * starts {@link BranchesWorkflow} (sleeping that long in one branch; {@code slow}: with a 3 s step
 * and no sleep) and prints {@code #WAITING} once it sleeps ({@code branches}); then waits to be killed.
 */
public final class SleepWorker {
  private SleepWorker() {}

  public static void main(String[] args) throws Exception {
    CrashWorker.selfDestructAfter(120_000);
    Path db = Path.of(args[0]);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    String mode = args[2];
    String id = args[3];
    long sleepMillis = Long.parseLong(args[4]);
    DurableEngine.Builder builder = DurableEngine.builder(db).register(SleepingWorkflow.class, ledger)
        .register(BranchesWorkflow.class, ledger).pollInterval(Duration.ofMillis(200));
    if (mode.equals("start-client")) {
      try (DurableEngine client = builder.clientOnly().build()) {
        client.start(SleepingWorkflow.class, id, w -> w.remind("ada", sleepMillis));
        System.out.println("#STARTED " + id);
      }
      return;
    }
    DurableEngine engine = builder.build();
    if (mode.equals("branches") || mode.equals("slow")) {
      boolean slow = mode.equals("slow");
      WorkflowHandle<String> handle = engine.start(BranchesWorkflow.class, id, w -> w.run(slow ? 0 : sleepMillis, slow ? 3000 : 0));
      while (!slow && handle.status() != WorkflowStatus.WAITING) {
        Thread.sleep(5);
      }
      System.out.println("#WAITING " + id);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    WorkflowHandle<String> handle = engine.start(SleepingWorkflow.class, id, w -> w.remind("ada", sleepMillis));
    while (handle.status() != WorkflowStatus.WAITING) {
      Thread.sleep(5);
    }
    System.out.println("#WAITING " + id);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
