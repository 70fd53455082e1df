package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;

/**
 * A reminder: a step, a durable sleep, a step. Each body writes {@code <workflow id> <step> <pid>}
 * to the ledger, so the parent sees which process ran which step, and how often.
 */
@DurableWorkflow(name = "sleeping")
public class SleepingWorkflow {
  private final FileLedger ledger;

  public SleepingWorkflow(FileLedger ledger) {
    this.ledger = ledger;
  }

  @WorkflowMethod
  public String remind(String who, long sleepMillis) {
    String before = welcome(who);
    Durable.sleep(Duration.ofMillis(sleepMillis));
    return before + " / " + remindAgain(who);
  }

  @DurableStep
  public String welcome(String who) {
    ledger.ran(Durable.workflowId() + " welcome " + ProcessHandle.current().pid());
    return "welcome " + who;
  }

  @DurableStep
  public String remindAgain(String who) {
    ledger.ran(Durable.workflowId() + " remindAgain " + ProcessHandle.current().pid());
    return "reminder for " + who;
  }
}
