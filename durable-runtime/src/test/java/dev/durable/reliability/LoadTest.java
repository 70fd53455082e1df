package dev.durable.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.durable.Durable;
import dev.durable.DurableEngine;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JVM, 200 workflows started at once, each of 20 steps (4 in sequence around 4 parallel branches
 * of 4 steps), all writing to one SQLite file with the default durability: no lock error reaches a
 * caller, all complete, and the heap after GC stays bounded from one wave to the next. On Java 21
 * and later, the same wave again with every caller and every branch on a virtual thread.
 */
class LoadTest {
  static final int WORKFLOWS = 200;

  @TempDir Path dir;

  @DurableWorkflow(name = "load")
  public static class Fanout {
    final AtomicLong bodies;

    public Fanout(AtomicLong bodies) {
      this.bodies = bodies;
    }

    @WorkflowMethod
    public long run(int n) {
      long sum = step(n, 0) + step(n, 1);
      List<CompletableFuture<Long>> branches = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        int base = 10 * (b + 1);
        branches.add(Durable.async(() -> step(n, base) + step(n, base + 1) + step(n, base + 2) + step(n, base + 3)));
      }
      for (CompletableFuture<Long> f : branches) {
        sum += f.join();
      }
      return sum + step(n, 2) + step(n, 3);
    }

    @DurableStep
    public long step(int n, int i) {
      bodies.incrementAndGet();
      return (long) n * 100 + i;
    }
  }

  static long expected(int n) {
    long sum = 0;
    for (int i : new int[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33, 40, 41, 42, 43}) {
      sum += (long) n * 100 + i;
    }
    return sum;
  }

  @Test
  void twoHundredConcurrentWorkflowsOfTwentySteps_allComplete_noLockErrorReachesACaller_heapBounded() throws Exception {
    AtomicLong bodies = new AtomicLong();
    long[] heap = new long[3];
    long t0 = System.nanoTime();
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("load.db")).register(Fanout.class, bodies).build()) {
      heap[0] = usedHeapAfterGc();
      wave(engine, "a", Thread::new);
      heap[1] = usedHeapAfterGc();
      wave(engine, "b", Thread::new);
      heap[2] = usedHeapAfterGc();
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(bodies.get()).isEqualTo(2L * WORKFLOWS * 20);
    System.out.printf("LOAD: 2 waves of %d concurrent workflows x 20 steps (%d steps) in %d ms; heap after GC:"
        + " %d MB before, %d MB after wave 1, %d MB after wave 2%n", WORKFLOWS, bodies.get(), millis,
        heap[0] >> 20, heap[1] >> 20, heap[2] >> 20);
    // A second wave as large as the first must not keep what the first left behind.
    assertThat(heap[2] - heap[1]).as("heap growth from wave 1 to wave 2, bytes").isLessThan(32L << 20);
  }

  @Test
  void twoHundredConcurrentWorkflowsCalledFromVirtualThreads_withBranchesOnVirtualThreads_allComplete() throws Exception {
    Function<Runnable, Thread> virtual = virtualThreads();
    assumeTrue(virtual != null, "virtual threads need Java 21 or later; this JVM is " + Runtime.version());
    AtomicLong bodies = new AtomicLong();
    // Branches on virtual threads too, as the README suggests for Java 21 and later.
    ExecutorService branches = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try (DurableEngine engine = DurableEngine.builder(dir.resolve("virtual.db")).register(Fanout.class, bodies)
        .branchExecutor(branches).build()) {
      // A waiting writer parks its virtual thread and frees the carrier; a batch's leader keeps its
      // carrier while SQLite syncs (native code pins it), as does, on Java 21, a thread waiting for a
      // monitor. The wave completes only if no thread holding a monitor waits for another one.
      wave(engine, "v", virtual);
    } finally {
      branches.shutdown();
    }
    assertThat(bodies.get()).isEqualTo(WORKFLOWS * 20L);
  }

  /** Java 21's virtual-thread builder, looked up by reflection because the code targets Java 17; null before 21. */
  private static Function<Runnable, Thread> virtualThreads() throws ReflectiveOperationException {
    Object builder;
    try {
      builder = Thread.class.getMethod("ofVirtual").invoke(null);
    } catch (NoSuchMethodException tooOld) {
      return null;
    } catch (InvocationTargetException preview) {
      // Java 19 and 20 have the method behind --enable-preview.
      return null;
    }
    Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
    return task -> {
      try {
        return (Thread) unstarted.invoke(builder, task);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("could not create a virtual thread", e);
      }
    };
  }

  private static void wave(DurableEngine engine, String name, Function<Runnable, Thread> threads)
      throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      int n = i;
      Thread t = threads.apply(() -> {
        try {
          start.await();
          long result = engine.workflow(Fanout.class, name + "-" + n).run(n);
          if (result != expected(n)) {
            errors.add(new AssertionError("workflow " + n + " returned " + result + ", expected " + expected(n)));
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      t.start();
      callers.add(t);
    }
    start.countDown();
    for (Thread t : callers) {
      t.join(120_000);
    }
    assertThat(errors).as("errors that reached callers (SQLITE_BUSY, lock timeouts, ...)").isEmpty();
    for (int i = 0; i < WORKFLOWS; i++) {
      assertThat(engine.inspect(name + "-" + i).orElseThrow().status().name()).isEqualTo("COMPLETED");
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
