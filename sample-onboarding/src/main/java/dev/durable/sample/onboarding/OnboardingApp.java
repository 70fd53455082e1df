package dev.durable.sample.onboarding;

import dev.durable.DurableEngine;
import dev.durable.DurableException;
import dev.durable.DurableListener;
import dev.durable.StepEvent;
import dev.durable.StepInfo;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowEvent;
import dev.durable.WorkflowInfo;
import dev.durable.WorkflowQuery;
import dev.durable.WorkflowSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs (or resumes) one employee onboarding, printing what the engine does with each step.
 *
 * <pre>
 * java -jar sample-onboarding.jar --crash-at=2    # halts inside provisionLaptop
 * java -jar sample-onboarding.jar --approve=maria # the manager's approval, from another process
 * java -jar sample-onboarding.jar                 # resumes: createRecord is replayed, not re-run
 * </pre>
 */
@Command(name = "sample-onboarding", mixinStandardHelpOptions = true,
    description = "Runs or resumes one durable employee onboarding. Re-run the same command after a crash to resume it.")
public final class OnboardingApp implements Callable<Integer> {
  @Option(names = "--db", description = "SQLite database of the engine (default: ${DEFAULT-VALUE}).")
  Path db = Path.of("onboarding.db");

  @Option(names = "--workflow-id", description = "The onboarding to run or resume (default: ${DEFAULT-VALUE}).")
  String workflowId = "onboarding-E1042";

  @Option(names = "--crash-at", paramLabel = "N",
      description = "Halt the JVM during step N (1-5), after its side effect and before its result is committed.")
  int crashAt;

  @Option(names = "--crash-after", paramLabel = "N",
      description = "Halt the JVM right after step N's (1-5) result is committed.")
  int crashAfter;

  @Option(names = "--effects", description = "Ledger of side effects actually performed (default: ${DEFAULT-VALUE}).")
  Path effects = Path.of("onboarding-effects.log");

  @Option(names = "--step-delay-ms", description = "How long each fake service call takes (default: ${DEFAULT-VALUE}).")
  long stepDelayMillis = 400;

  @Option(names = "--reminder-delay-ms", paramLabel = "MS",
      description = "How long the workflow sleeps before the first-day reminder (in real life a day or more;"
          + " default: ${DEFAULT-VALUE}).")
  long reminderDelayMillis = 3000;

  @Option(names = "--shipping-ms", paramLabel = "MS",
      description = "How long the courier takes to deliver the laptop, a durable sleep of the laptop child workflow"
          + " (default: ${DEFAULT-VALUE}).")
  long shippingMillis = 1000;

  @Option(names = "--escalate-after-ms", paramLabel = "MS",
      description = "How long the workflow waits for the manager's approval before it tells HR, then waits on"
          + " (default: ${DEFAULT-VALUE}).")
  long escalateAfterMillis = 5000;

  @Option(names = "--approve", paramLabel = "APPROVER",
      description = "Do not run anything: send the manager's approval to this onboarding, from a client-only engine,"
          + " and exit. If the onboarding has not started yet, it is started with the approval waiting for it.")
  String approver;

  @Option(names = "--reset", description = "Forget this workflow's stored state and its ledger lines, then exit.")
  boolean reset;

  private final PrintStream out;

  OnboardingApp(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OnboardingApp(System.out)).execute(args));
  }

  @Override
  public Integer call() {
    if (crashAt < 0 || crashAt > 5 || crashAfter < 0 || crashAfter > 5) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--crash-at and --crash-after take a step number from 1 to 5");
    }
    if (reminderDelayMillis < 0 || shippingMillis < 0 || escalateAfterMillis < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--reminder-delay-ms, --shipping-ms and --escalate-after-ms must not be negative");
    }
    EffectsLedger ledger = new EffectsLedger(effects);
    CrashPlan crashPlan = new CrashPlan(crashAt, crashAfter);
    FakeServices services = new FakeServices(ledger, crashPlan, stepDelayMillis);
    // The employee id is the workflow id's last part (onboarding-E2001: E2001), so each onboarding is its own hire.
    String employeeId = workflowId.substring(workflowId.lastIndexOf('-') + 1);
    NewHire hire = new NewHire(employeeId, "Ada Lovelace", "ada@example.com", "Engineering");
    Schedule schedule = new Schedule(shippingMillis, escalateAfterMillis, reminderDelayMillis);
    if (approver != null) {
      return approve(services, hire, schedule);
    }
    Printer printer = new Printer(out, crashPlan, escalateAfterMillis);
    try (DurableEngine engine = DurableEngine.builder(db)
        .register(OnboardingWorkflow.class, services)
        .register(LaptopWorkflow.class, services)
        .pollInterval(Duration.ofMillis(200))
        .listener(printer)
        .build()) {
      printer.inspector = engine::inspect;
      if (reset) {
        return reset(engine, ledger);
      }
      out.printf("Onboarding %s (database %s, effects ledger %s)%n", workflowId, db, effects);
      try {
        OnboardingResult result = engine.workflow(OnboardingWorkflow.class, workflowId).onboard(hire, schedule);
        out.println();
        out.println("Onboarding complete: " + result);
        return 0;
      } catch (WorkflowCancelledException e) {
        out.println();
        out.println("Onboarding " + workflowId + " was cancelled; what it had done is undone (the effects ledger shows"
            + " returnLaptop and revokeAccess).");
        return 4;
      }
    }
  }

  /** Sends the manager's approval from a client-only engine, which runs nothing. */
  private int approve(FakeServices services, NewHire hire, Schedule schedule) {
    try (DurableEngine client = DurableEngine.builder(db).clientOnly()
        .register(OnboardingWorkflow.class, services)
        .build()) {
      // Starts the onboarding if it has not started, with the approval waiting for its await.
      client.sendEventWithStart(OnboardingWorkflow.class, workflowId, w -> w.onboard(hire, schedule),
          OnboardingWorkflow.APPROVAL, new ManagerApproval(approver));
      WorkflowInfo info = client.inspect(workflowId).orElseThrow();
      out.printf("Approval by %s stored for %s (it is %s). The onboarding takes it at its await: a worker running it"
          + " wakes it within its poll interval; if none runs, the next run takes it.%n", approver, workflowId,
          info.status());
      return 0;
    } catch (DurableException e) {
      out.println("Cannot send the approval: " + e.getMessage());
      return 1;
    }
  }

  private int reset(DurableEngine engine, EffectsLedger ledger) {
    Optional<WorkflowInfo> info = engine.inspect(workflowId);
    if (info.isEmpty()) {
      out.printf("Nothing stored for workflow %s in %s.%n", workflowId, db);
    } else {
      out.printf("Removing workflow %s (%s, %d recorded steps) from %s:%n", workflowId, info.get().status(),
          info.get().steps().size(), db);
      for (StepInfo s : info.get().steps()) {
        out.printf("  %-6s %-18s %s%n", s.position(), s.stepName(), s.status());
      }
      // Its children (the laptop) go with it, or a fresh run would find their recorded results.
      for (WorkflowSummary child : engine.list(WorkflowQuery.all())) {
        if (workflowId.equals(child.parentWorkflowId())) {
          out.printf("  and its child workflow %s (%s)%n", child.workflowId(), child.status());
          engine.forget(child.workflowId());
          ledger.forget(child.workflowId());
        }
      }
      engine.forget(workflowId);
    }
    int lines = ledger.forget(workflowId);
    out.printf("Removed %d line(s) of %s from the effects ledger %s.%n", lines, workflowId, ledger.file());
    return 0;
  }

  /** Prints, per step, whether it was executed, replayed, or re-executed after an interruption. */
  private static final class Printer implements DurableListener {
    private final PrintStream out;
    private final CrashPlan crashPlan;
    private final long escalateAfterMillis;
    /** Reads what a suspended run waits for; set once the engine is built. */
    volatile Function<String, Optional<WorkflowInfo>> inspector = id -> Optional.empty();

    Printer(PrintStream out, CrashPlan crashPlan, long escalateAfterMillis) {
      this.out = out;
      this.crashPlan = crashPlan;
      this.escalateAfterMillis = escalateAfterMillis;
    }

    private void suspended(WorkflowEvent event) {
      if (event.workflowName().equals("laptop")) {
        out.println("  laptop (child workflow " + event.workflowId() + ") is with the courier: a durable sleep");
        return;
      }
      var waitingFor = inspector.apply(event.workflowId()).map(WorkflowInfo::waitingFor).orElse(java.util.List.of());
      if (waitingFor.contains("event:" + OnboardingWorkflow.APPROVAL)) {
        out.println("Waiting for the manager's approval (HR is told if none comes within " + escalateAfterMillis
            + " ms): the run is WAITING and no thread holds it.");
        out.println("(Approve from another process: java -jar sample-onboarding.jar --workflow-id " + event.workflowId()
            + " --approve=NAME. Or kill this process, even with kill -9, approve, and run the same command again.)");
      } else if (!waitingFor.isEmpty()) {
        out.println("Waiting for the laptop child workflow to finish: the run is WAITING and no thread holds it.");
      } else {
        out.println("Sleeping until the first-day reminder is due: the run is WAITING and no thread holds it.");
        out.println("(Kill this process now, even with kill -9, and run the same command again: the reminder still goes"
            + " out at its original time, once.)");
      }
    }

    @Override
    public void onWorkflow(WorkflowEvent event) {
      switch (event.kind()) {
        case STARTED -> out.println(event.workflowName().equals("laptop")
            ? "  laptop (child workflow " + event.workflowId() + ") started" : "Started a new run.");
        case RESUMED -> out.println(event.workflowName().equals("laptop")
            ? "  laptop (child workflow " + event.workflowId() + ") resumed"
            : "Resuming an unfinished run: completed steps are replayed from the store.");
        case ALREADY_COMPLETED -> out.println("This onboarding already completed: returning its recorded result, running nothing.");
        case SUSPENDED -> suspended(event);
        default -> { }
      }
    }

    @Override
    public void onStep(StepEvent e) {
      int number = CrashPlan.number(e.stepName());
      String label = number > 0 ? "step " + number + " " + e.stepName() : e.stepName();
      String what = switch (e.outcome()) {
        case EXECUTED -> "executed (" + e.elapsed().toMillis() + " ms)";
        case RE_EXECUTED -> "re-executed after an interruption (attempt " + e.attempt() + ", " + e.elapsed().toMillis() + " ms)";
        case REPLAYED -> "replayed from the store";
        case FAILED -> "failed (recorded)";
        case REPLAYED_FAILURE -> "failure replayed from the store";
        case RETRYING -> "failed, retrying (attempt " + e.attempt() + ")";
      };
      out.printf("  %-26s %s%n", label, what);
      if (number > 0 && (e.outcome() == StepEvent.Outcome.EXECUTED || e.outcome() == StepEvent.Outcome.RE_EXECUTED)) {
        crashPlan.afterCommit(e.stepName());
      }
    }
  }
}
