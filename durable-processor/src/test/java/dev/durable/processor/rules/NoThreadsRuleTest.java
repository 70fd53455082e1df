package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoThreadsRuleTest {
  @Test
  void newThread_isRejectedAtNew() {
    JavaFileObject src = workflowSource("Thread t = new Thread(() -> {});");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoThreads] new Thread(...) in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(16);
    assertThat(compile(src)).hadErrorContaining("Fix: use Durable.async(() -> ...)");
  }

  @Test
  void executorsAsyncParallelAndBlocking_areRejected() {
    JavaFileObject src =
        workflowSource(
            "ExecutorService pool = Executors.newFixedThreadPool(2);",
            "CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> \"x\");",
            "long n = List.of(1, 2).parallelStream().count();",
            "long m = List.of(1, 2).stream().parallel().count();",
            "new Timer();",
            "ForkJoinPool p = ForkJoinPool.commonPool();",
            "try { Thread.sleep(10); } catch (InterruptedException e) { throw new IllegalStateException(e); }",
            "Object lock = new Object();",
            "synchronized (lock) { lock.notifyAll(); }");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(8);
    assertThat(compilation).hadErrorContaining("Executors.newFixedThreadPool(...)").inFile(src).onLine(6).atColumn(56);
    assertThat(compilation).hadErrorContaining("CompletableFuture.supplyAsync(...)").inFile(src).onLine(7).atColumn(64);
    assertThat(compilation).hadErrorContaining("Collection.parallelStream()").inFile(src).onLine(8).atColumn(42);
    assertThat(compilation).hadErrorContaining("BaseStream.parallel()").inFile(src).onLine(9).atColumn(45);
    assertThat(compilation).hadErrorContaining("new Timer()").inFile(src).onLine(10).atColumn(5);
    assertThat(compilation).hadErrorContaining("ForkJoinPool.commonPool()").inFile(src).onLine(11).atColumn(45);
    assertThat(compilation).hadErrorContaining("Thread.sleep(...)").inFile(src).onLine(12).atColumn(23);
    assertThat(compilation).hadErrorContaining("Object.notifyAll()").inFile(src).onLine(14).atColumn(41);
  }

  @Test
  void injectedExecutor_isRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.concurrent.ExecutorService;
            @DurableWorkflow public class Flow {
              private final ExecutorService executor;
              Flow(ExecutorService executor) { this.executor = executor; }
              @WorkflowMethod public void run() { executor.submit(() -> {}); }
            }
            """);
    assertThat(compile(src)).hadErrorContaining("ExecutorService.submit(...)").inFile(src).onLine(7).atColumn(54);
  }

  @Test
  void durableAsyncAndFutureJoin_areAllowed() {
    assertThat(
            compile(
                workflowSource(
                    "CompletableFuture<Instant> a = Durable.async(() -> Durable.now());",
                    "CompletableFuture<String> b = Durable.async(() -> \"b\");",
                    "CompletableFuture.allOf(a, b).join();",
                    "String joined = a.join() + b.thenApply(String::trim).join();",
                    "String name = Thread.currentThread().getName();")))
        .succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheMethod_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @SuppressWarnings("DurableNoThreads")
              @WorkflowMethod public void run() { new Thread(() -> {}).start(); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void inOtherClass_isReportedThereWithTheChain() {
    JavaFileObject flow =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() { new Pause().take(); }
            }
            """);
    JavaFileObject pause =
        source(
            "test.Pause",
            """
            package test;
            class Pause {
              void take() {
                try { Thread.sleep(5); } catch (InterruptedException e) { throw new IllegalStateException(e); }
              }
            }
            """);
    assertThat(compile(flow, pause))
        .hadErrorContaining("(run() -> Pause.take() -> Thread.sleep(...))")
        .inFile(pause)
        .onLine(4)
        .atColumn(23);
  }

  @Test
  void shuttingDownAPool_isNotASecondFinding() {
    JavaFileObject src =
        workflowSource(
            "ExecutorService pool = Executors.newFixedThreadPool(2);",
            "pool.shutdown();",
            "try { pool.awaitTermination(1, TimeUnit.SECONDS); } catch (InterruptedException e) { throw new IllegalStateException(e); }",
            "new Thread(() -> {}).start();");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("Executors.newFixedThreadPool(...)").inFile(src).onLine(6);
    assertThat(compilation).hadErrorContaining("new Thread(...)").inFile(src).onLine(9).atColumn(5);
  }

  @Test
  void timeUnitSleepAndTimedWaits_areRejected() {
    JavaFileObject src =
        workflowSource(
            "try { TimeUnit.SECONDS.sleep(1); } catch (InterruptedException e) { throw new IllegalStateException(e); }",
            "CompletableFuture<String> f = Durable.async(() -> \"x\");",
            "try { f.get(1, TimeUnit.SECONDS); } catch (Exception e) { throw new IllegalStateException(e); }",
            "f.orTimeout(5, TimeUnit.SECONDS);");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("TimeUnit.sleep(...)").inFile(src).onLine(6).atColumn(33);
    assertThat(compilation).hadErrorContaining("CompletableFuture.get(...)").inFile(src).onLine(8);
    assertThat(compilation).hadErrorContaining("CompletableFuture.orTimeout(...)").inFile(src).onLine(9);
    assertThat(compilation).hadErrorContaining("waits on real time");
  }
}
