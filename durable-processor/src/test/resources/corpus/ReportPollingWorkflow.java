package corpus;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Polling: asks a reporting service until the report is ready, waiting longer after each try. */
@DurableWorkflow
public class ReportPollingWorkflow {
  private static int MAX_ATTEMPTS = 8;
  private static final Duration FIRST_WAIT = Duration.ofSeconds(2);

  public record ReportRequest(String customer, LocalDate day) {}

  public record Report(String customer, String url, int attempts, Instant readyAt) {}

  public enum Status { PENDING, READY, FAILED }

  @WorkflowMethod
  public Report poll(ReportRequest request) {
    String jobId = requestReport(request);
    Duration wait = FIRST_WAIT;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Status status = checkStatus(jobId);
      if (status == Status.READY) {
        Instant readyAt = Durable.now();
        LocalDate reportDay = readyAt.atZone(ZoneOffset.UTC).toLocalDate();
        return new Report(request.customer(), download(jobId, reportDay.toString()), attempt, readyAt);
      }
      if (status == Status.FAILED) {
        throw new IllegalStateException("report " + jobId + " failed");
      }
      pause(wait.toMillis());
      wait = wait.multipliedBy(2);
    }
    throw new IllegalStateException("report " + jobId + " not ready after " + MAX_ATTEMPTS + " tries");
  }

  @DurableStep
  String requestReport(ReportRequest request) {
    return "job-" + request.customer() + "-" + request.day();
  }

  @DurableStep
  Status checkStatus(String jobId) {
    return Status.READY;
  }

  /** Waiting is a step: its body may sleep, and a replay skips the recorded wait. */
  @DurableStep
  void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @DurableStep
  String download(String jobId, String day) {
    return "https://reports.example.com/" + jobId + "/" + day;
  }
}
