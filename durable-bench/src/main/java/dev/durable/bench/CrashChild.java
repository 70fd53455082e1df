package dev.durable.bench;

import dev.durable.Durability;
import dev.durable.DurableEngine;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM main that leaves crashed workflows behind, as a real crash would. Arguments:
 * {@code <db> <steps>:<count>...}. It opens an engine on {@code db} and, for each pair, runs
 * {@code count} workflows of {@code steps} steps, all at once, ids {@link #workflowId(int, int)}; once
 * every workflow is inside the body of its last step (marked as started, its result not
 * committed) it halts the JVM without any shutdown. Line protocol on stdout: {@code #AT-LAST-STEP <id>} per workflow, then
 * {@code #HALT}. Commits use {@link Durability#SURVIVES_PROCESS_CRASH}: they reach the OS, which is
 * all a process crash needs, and the setup takes seconds instead of minutes.
 */
public final class CrashChild {
  static final String HALT = "#HALT";
  private static final long SELF_DESTRUCT_MILLIS = 10 * 60_000;

  private CrashChild() {}

  static String workflowId(int steps, int k) {
    return "replay-" + steps + "-" + k;
  }

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

    int total = 0;
    for (int a = 1; a < args.length; a++) {
      total += Integer.parseInt(args[a].split(":")[1]);
    }
    CountDownLatch atLastStep = new CountDownLatch(total);
    CountDownLatch never = new CountDownLatch(1);
    ThreadLocal<Integer> lastIndex = new ThreadLocal<>();
    Probe probe = i -> {
      if (i == lastIndex.get()) {
        System.out.println("#AT-LAST-STEP " + Thread.currentThread().getName());
        atLastStep.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    DurableEngine engine = Scratch.engine(Path.of(args[0]), Durability.SURVIVES_PROCESS_CRASH, probe);
    for (int a = 1; a < args.length; a++) {
      int steps = Integer.parseInt(args[a].split(":")[0]);
      int count = Integer.parseInt(args[a].split(":")[1]);
      for (int k = 0; k < count; k++) {
        String id = workflowId(steps, k);
        Thread t = new Thread(() -> {
          lastIndex.set(steps - 1);
          try {
            engine.workflow(StepsWorkflow.class, id).run(steps);
            System.out.println("#FAIL workflow " + id + " returned instead of crashing");
          } catch (Throwable e) {
            System.out.println("#FAIL " + id + ": " + e);
            e.printStackTrace(System.out);
          }
          System.out.flush();
          Runtime.getRuntime().halt(1);
        }, id);
        t.setDaemon(true);
        t.start();
      }
    }
    atLastStep.await();
    System.out.println(HALT);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
