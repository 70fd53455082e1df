package dev.durable.testing;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.DurableEngine;
import dev.durable.RecoveryReport;
import dev.durable.WorkflowBusyException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Main class of the long-lived child JVMs of the multi-process tests. Arguments: database, ledger
 * file. It reads one command per line from stdin and answers on stdout with one {@code #} line:
 *
 * <ul>
 *   <li>{@code run <WAIT|FAIL> <leaseMillis> <id> <slowStepMillis>}: opens an engine with that
 *       policy and lease, runs {@link RaceWorkflow}; answers {@code #RESULT <id> <result>},
 *       {@code #BUSY <id>} or {@code #ERROR <id> <exception>}.
 *   <li>{@code recover <WAIT|FAIL>}: answers {@code #RECOVERED} followed by {@code id=OUTCOME}
 *       pairs.
 *   <li>{@code crash <id> <step>}: runs the workflow and halts the JVM (like kill -9) at the start
 *       of that step's body, before its side effect.
 * </ul>
 *
 * A self-destruct timer ends it if the parent forgets it.
 */
public final class RaceWorker {
  private RaceWorker() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    CrashWorker.selfDestructAfter(600_000);
    System.out.println("#READY " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] c = line.trim().split(" ");
      try {
        switch (c[0]) {
          case "run" -> System.out.println(run(db, ledger, ConcurrentRunPolicy.valueOf(c[1]), Long.parseLong(c[2]), c[3],
              Integer.parseInt(c[4]), (id, step) -> { }));
          case "crash" -> run(db, ledger, ConcurrentRunPolicy.WAIT, 15_000, c[1], 0, (id, step) -> {
            // Only in the run asked for: this engine's worker may meanwhile resume other runs.
            if (id.equals(c[1]) && step.equals(c[2])) {
              Runtime.getRuntime().halt(CrashWorker.HALT_CODE);
            }
          });
          case "recover" -> System.out.println(recover(db, ledger, ConcurrentRunPolicy.valueOf(c[1])));
          case "exit" -> {
            return;
          }
          default -> System.out.println("#ERROR - unknown command " + line);
        }
      } catch (RuntimeException e) {
        System.out.println("#ERROR - " + oneLine(e.toString()));
      }
      System.out.flush();
    }
  }

  private static String run(Path db, FileLedger ledger, ConcurrentRunPolicy policy, long leaseMillis, String id,
      int slowMillis, RaceWorkflow.Hooks hooks) {
    // No worker: these engines run exactly what each command calls, so that the ledger says which
    // process ran which step because of which command (a crash child's worker would otherwise
    // resume other crashed runs, and its halt would interrupt them too).
    try (DurableEngine engine = DurableEngine.builder(db).concurrentRuns(policy).leaseDuration(Duration.ofMillis(leaseMillis))
        .workerThreads(0)
        .register(RaceWorkflow.class, ledger, hooks).build()) {
      return "#RESULT " + id + " " + engine.workflow(RaceWorkflow.class, id).run(slowMillis);
    } catch (WorkflowBusyException e) {
      return "#BUSY " + id;
    } catch (RuntimeException e) {
      return "#ERROR " + id + " " + oneLine(e.toString());
    }
  }

  private static String recover(Path db, FileLedger ledger, ConcurrentRunPolicy policy) {
    try (DurableEngine engine = DurableEngine.builder(db).concurrentRuns(policy).workerThreads(0)
        .register(RaceWorkflow.class, ledger, (RaceWorkflow.Hooks) (id, step) -> { }).build()) {
      RecoveryReport report = engine.recover();
      return "#RECOVERED " + report.entries().stream().map(e -> e.workflowId() + "=" + e.outcome())
          .collect(Collectors.joining(" "));
    }
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
