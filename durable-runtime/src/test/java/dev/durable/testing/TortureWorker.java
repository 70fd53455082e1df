package dev.durable.testing;

import dev.durable.ConcurrentRunPolicy;
import dev.durable.DurableEngine;
import dev.durable.RecoveryReport;
import dev.durable.WorkflowBusyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Main class of the child JVMs the torture test kills. Arguments: database, ledger file, and
 * workflow ids of the form {@code <name>:<seed>}. It opens the engine, prints {@code #READY},
 * recovers whatever dead processes left unfinished, then runs every listed workflow (three at a
 * time, in a random order, skipping for now those another live process runs) until all have
 * completed, prints {@code #DONE} and exits 0. Anything unexpected prints {@code #ERROR} and exits 1.
 */
public final class TortureWorker {
  private TortureWorker() {}

  public static void main(String[] args) throws Exception {
    CrashWorker.selfDestructAfter(300_000);
    Path db = Path.of(args[0]);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    List<String> workflows = new ArrayList<>(List.of(args).subList(2, args.length));
    Collections.shuffle(workflows);
    try (DurableEngine engine = DurableEngine.builder(db).concurrentRuns(ConcurrentRunPolicy.FAIL)
        .register(TortureWorkflow.class, ledger).register(TortureLeaf.class, ledger).build()) {
      System.out.println("#READY");
      RecoveryReport report = engine.recover();
      List<RecoveryReport.Entry> failed = report.withOutcome(RecoveryReport.Outcome.FAILED);
      if (!failed.isEmpty()) {
        throw new IllegalStateException("recover() failed workflows: " + failed);
      }
      ConcurrentLinkedQueue<String> todo = new ConcurrentLinkedQueue<>(workflows);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> runners = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        runners.add(pool.submit(() -> {
          for (String w; (w = todo.poll()) != null; ) {
            String[] idAndSeed = w.split(":");
            try {
              engine.workflow(TortureWorkflow.class, idAndSeed[0]).run(Long.parseLong(idAndSeed[1]));
            } catch (WorkflowBusyException busy) {
              // Another live process runs it; come back to it later (or take it over if that one dies).
              todo.add(w);
              Thread.sleep(20);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : runners) {
        f.get();
      }
      pool.shutdown();
    } catch (Throwable e) {
      System.out.println("#ERROR " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    System.out.println("#DONE");
  }
}
