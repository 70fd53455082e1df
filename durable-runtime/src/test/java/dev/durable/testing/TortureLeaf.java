package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.Random;

/**
 * A child workflow of {@link TortureWorkflow}: one to three steps drawn from a seed, each writing
 * {@code <its workflow id> <key> ok} to the ledger and embedding {@code @@key@@} in its result, as
 * the parent's steps do.
 */
@DurableWorkflow(name = "torture-leaf")
public class TortureLeaf {
  private final FileLedger ledger;

  public TortureLeaf(FileLedger ledger) {
    this.ledger = ledger;
  }

  @WorkflowMethod
  public String run(long seed) {
    Random plan = new Random(seed);
    int steps = 1 + plan.nextInt(3);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < steps; i++) {
      s.append(TortureWorkflow.digest(leafStep("L" + i, 8 + plan.nextInt(200)))).append(' ');
    }
    return s.toString().trim();
  }

  @DurableStep
  public String leafStep(String key, int size) {
    ledger.ran(Durable.workflowId() + " " + key + " ok");
    return TortureWorkflow.payload(key, size);
  }
}
