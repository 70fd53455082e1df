package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM main that leaves crashed workflows behind, as a real crash would: for each
 * {@code <db> <steps>} pair it runs workflow {@code "replay"} of that many steps, and once every
 * workflow is inside the body of its last step (its "started" marker written, its result not) it
 * halts the JVM without any shutdown. Line protocol on stdout: {@code #AT-LAST-STEP <db>} per
 * workflow, then {@code #HALT}. Commits use {@link Durability#SURVIVES_PROCESS_CRASH}: they reach the
 * OS, which is all a process crash needs, and the setup takes seconds instead of minutes.
 */
public final class CrashChild {
  static final String WORKFLOW_ID = "replay";
  static final String HALT = "#HALT";
  private static final long SELF_DESTRUCT_MILLIS = 10 * 60_000;

  private CrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Thread selfDestruct = new Thread(() -> {
      try {
        Thread.sleep(SELF_DESTRUCT_MILLIS);
        System.out.println("#FAIL self-destruct after " + SELF_DESTRUCT_MILLIS + " ms");
        System.out.flush();
        Runtime.getRuntime().halt(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "self-destruct");
    selfDestruct.setDaemon(true);
    selfDestruct.start();

    int workflows = args.length / 2;
    CountDownLatch atLastStep = new CountDownLatch(workflows);
    CountDownLatch never = new CountDownLatch(1);
    for (int w = 0; w < workflows; w++) {
      Path db = Path.of(args[2 * w]);
      int steps = Integer.parseInt(args[2 * w + 1]);
      Probe probe = i -> {
        if (i == steps - 1) {
          System.out.println("#AT-LAST-STEP " + db);
          atLastStep.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
      Thread t = new Thread(() -> {
        try {
          DurableEngine engine = Scratch.engine(db, Durability.SURVIVES_PROCESS_CRASH, probe);
          engine.workflow(StepsWorkflow.class, WORKFLOW_ID).run(steps);
          System.out.println("#FAIL workflow on " + db + " returned instead of crashing");
        } catch (Throwable e) {
          System.out.println("#FAIL " + e);
          e.printStackTrace(System.out);
        }
        System.out.flush();
        Runtime.getRuntime().halt(1);
      }, "crash-" + w);
      t.setDaemon(true);
      t.start();
    }
    atLastStep.await();
    System.out.println(HALT);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
