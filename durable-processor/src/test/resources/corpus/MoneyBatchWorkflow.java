package corpus;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Batch money transfer: moves each transfer of a batch once (a retried batch skips what it already
 * moved), totals the amounts per account, and reports the batch.
 */
@DurableWorkflow
public class MoneyBatchWorkflow {
  public record Transfer(String id, String from, String to, long cents) {}

  public record BatchReport(String batchId, int moved, long totalCents, Map<String, Long> perAccount) {}

  @WorkflowMethod
  public BatchReport transferBatch(String batchId, List<Transfer> transfers) {
    Set<String> done = new HashSet<>(alreadyMoved(batchId));
    Map<String, Long> perAccount = new HashMap<>();
    int moved = 0;
    for (Transfer transfer : transfers) {
      if (done.contains(transfer.id())) {
        continue;
      }
      withdraw(transfer.from(), transfer.cents(), transfer.id());
      deposit(transfer.to(), transfer.cents(), transfer.id());
      perAccount.merge(transfer.from(), -transfer.cents(), Long::sum);
      perAccount.merge(transfer.to(), transfer.cents(), Long::sum);
      done.add(transfer.id());
      moved++;
    }
    long total = 0;
    for (Map.Entry<String, Long> account : perAccount.entrySet()) {
      total += Math.abs(account.getValue());
    }
    for (String account : perAccount.keySet()) {
      notifyAccount(account, perAccount.get(account));
    }
    return new BatchReport(batchId, moved, total / 2, perAccount);
  }

  @DurableStep
  List<String> alreadyMoved(String batchId) {
    return List.of();
  }

  @DurableStep
  void withdraw(String account, long cents, String reference) {}

  @DurableStep
  void deposit(String account, long cents, String reference) {}

  @DurableStep
  void notifyAccount(String account, long netCents) {}
}
