package dev.durable.testing;

import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.StepEvent;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Main class of the child JVMs that the crash tests kill. Arguments: database, ledger file, workflow
 * id, mode ({@code in-step}, {@code after-commit} or {@code none}), and k. It halts the JVM (as
 * abruptly as kill -9) inside the k-th step body after its side effect, or right after the k-th step
 * commit, and prints {@code #DONE} if it finished instead. A self-destruct timer makes sure no child
 * outlives a stuck test.
 */
public final class CrashWorker {
  public static final int HALT_CODE = 99;

  private CrashWorker() {}

  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    FileLedger ledger = new FileLedger(Path.of(args[1]));
    String workflowId = args[2];
    String mode = args[3];
    int k = Integer.parseInt(args[4]);
    selfDestructAfter(60_000);
    AtomicInteger commits = new AtomicInteger();
    CrashWorkflow.Hooks hooks = n -> {
      if (mode.equals("in-step") && n == k) {
        Runtime.getRuntime().halt(HALT_CODE);
      }
    };
    DurableListener listener = new DurableListener() {
      @Override
      public void onStep(StepEvent e) {
        boolean committed = e.outcome() == StepEvent.Outcome.EXECUTED || e.outcome() == StepEvent.Outcome.RE_EXECUTED;
        if (committed && mode.equals("after-commit") && commits.incrementAndGet() == k) {
          Runtime.getRuntime().halt(HALT_CODE);
        }
      }
    };
    try (DurableEngine engine = DurableEngine.builder(db).register(CrashWorkflow.class, ledger, hooks).listener(listener).build()) {
      String result = engine.workflow(CrashWorkflow.class, workflowId).run("acme");
      System.out.println("#DONE " + result);
    }
  }

  /** Halts this JVM after {@code millis}, so that no child outlives a stuck or killed test. */
  public static void selfDestructAfter(long millis) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(98);
    }, "self-destruct");
    t.setDaemon(true);
    t.start();
  }
}
