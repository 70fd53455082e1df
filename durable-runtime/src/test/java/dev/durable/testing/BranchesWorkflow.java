package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Two parallel branches, one of which sleeps between its steps, and a slow step that a cancellation
 * can arrive during. Each body writes {@code <workflow id> <step> <pid>} to the ledger and prints
 * {@code #IN_STEP <id> <step>}.
 */
@DurableWorkflow(name = "branches")
public class BranchesWorkflow {
  private final FileLedger ledger;

  public BranchesWorkflow(FileLedger ledger) {
    this.ledger = ledger;
  }

  @WorkflowMethod
  public String run(long sleepMillis, long slowMillis) {
    CompletableFuture<String> sleepy = Durable.async(() -> {
      String a = step("a1", 0);
      Durable.sleep(Duration.ofMillis(sleepMillis));
      return a + step("a2", 0);
    });
    CompletableFuture<String> busy = Durable.async(() -> step("b1", 0) + step("b2", slowMillis) + step("b3", 0));
    return sleepy.join() + "|" + busy.join() + "|" + step("last", 0);
  }

  @DurableStep
  public String step(String name, long millis) {
    ledger.ran(Durable.workflowId() + " " + name + " " + ProcessHandle.current().pid());
    System.out.println("#IN_STEP " + Durable.workflowId() + " " + name);
    System.out.flush();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in step " + name, e);
    }
    return name;
  }
}
