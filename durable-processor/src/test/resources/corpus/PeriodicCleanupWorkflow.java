package corpus;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Periodic: runs a cleanup every interval for a number of rounds, each round at a recorded time,
 * and logs how long each round took.
 */
@DurableWorkflow
public class PeriodicCleanupWorkflow {
  private static final System.Logger log = System.getLogger("periodic-cleanup");

  public record Schedule(String bucket, int rounds, Duration interval, int keepDays) {}

  public record Round(int number, Instant startedAt, int deleted) {}

  @WorkflowMethod
  public List<Round> run(Schedule schedule) {
    List<Round> rounds = new ArrayList<>();
    UUID traceId = UUID.randomUUID();
    log.log(System.Logger.Level.INFO, "cleanup of {0} traced as " + traceId, schedule.bucket());
    for (int round = 1; round <= schedule.rounds(); round++) {
      long started = System.nanoTime();
      Instant now = Durable.now();
      Instant cutoff = now.minus(Duration.ofDays(schedule.keepDays()));
      int deleted = deleteOlderThan(schedule.bucket(), cutoff);
      rounds.add(new Round(round, now, deleted));
      log.log(
          System.Logger.Level.INFO,
          "round " + round + " deleted " + deleted + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      if (round < schedule.rounds()) {
        waitFor(schedule.interval().toMillis());
      }
    }
    return rounds;
  }

  @DurableStep
  int deleteOlderThan(String bucket, Instant cutoff) {
    return bucket.length();
  }

  @DurableStep
  void waitFor(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
