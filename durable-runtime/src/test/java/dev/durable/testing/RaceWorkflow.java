package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;

/**
 * The workflow that several child JVMs race on: three steps, the middle one as slow as the caller
 * asks. Every body writes {@code <workflow id> <step> <pid>} to a ledger before it does anything
 * else, so the parent can count which process really executed which step, and prints
 * {@code #IN_STEP <id> <step>} so the parent can kill the process in the middle of a step.
 */
@DurableWorkflow(name = "race")
public class RaceWorkflow {
  /** Called at the start of each body, before its side effect; the crash fixture halts there. */
  public interface Hooks {
    void beforeSideEffect(String workflowId, String step);
  }

  private final FileLedger ledger;
  private final Hooks hooks;

  public RaceWorkflow(FileLedger ledger, Hooks hooks) {
    this.ledger = ledger;
    this.hooks = hooks;
  }

  @WorkflowMethod
  public String run(int slowStepMillis) {
    return first() + "+" + slow(slowStepMillis) + "+" + last();
  }

  @DurableStep
  public String first() {
    return effect("first", 0);
  }

  @DurableStep
  public String slow(int millis) {
    return effect("slow", millis);
  }

  @DurableStep
  public String last() {
    return effect("last", 0);
  }

  private String effect(String step, int millis) {
    String id = Durable.workflowId();
    hooks.beforeSideEffect(id, step);
    ledger.ran(id + " " + step + " " + ProcessHandle.current().pid());
    System.out.println("#IN_STEP " + id + " " + step);
    System.out.flush();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in step " + step, e);
    }
    return step + "@" + id;
  }
}
