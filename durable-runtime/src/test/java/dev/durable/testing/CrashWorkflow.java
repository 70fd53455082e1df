package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workflow the crash tests kill: a first step, 8 parallel branches, a loop, a last step. Every
 * step returns its own key and writes it to the file ledger, and the {@link Hooks} let a child JVM
 * halt itself inside the k-th step body to run.
 */
@DurableWorkflow(name = "crash-test")
public class CrashWorkflow {
  /** Number of steps one run executes. */
  public static final int STEPS = 1 + 8 + 3 + 1;

  /** What to do after a step body performed its side effect. */
  public interface Hooks {
    void afterSideEffect(int bodyNumber);
  }

  private final FileLedger ledger;
  private final Hooks hooks;
  private final AtomicInteger bodies = new AtomicInteger();

  public CrashWorkflow(FileLedger ledger, Hooks hooks) {
    this.ledger = ledger;
    this.hooks = hooks;
  }

  @WorkflowMethod
  public String run(String customer) {
    String start = prepare(customer);
    List<CompletableFuture<String>> branches = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int b = i;
      branches.add(Durable.async(() -> branch(b)));
    }
    StringBuilder result = new StringBuilder(start);
    for (CompletableFuture<String> f : branches) {
      result.append('|').append(f.join());
    }
    for (int i = 0; i < 3; i++) {
      result.append('|').append(loop(i));
    }
    return finish(result.toString());
  }

  private String effect(String key) {
    ledger.ran(key);
    hooks.afterSideEffect(bodies.incrementAndGet());
    return key;
  }

  @DurableStep
  public String prepare(String customer) {
    return effect("prepare-" + customer);
  }

  @DurableStep
  public String branch(int b) {
    try {
      Thread.sleep(b % 3);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return effect("branch-" + b);
  }

  @DurableStep
  public String loop(int i) {
    return effect("loop-" + i);
  }

  @DurableStep
  public String finish(String all) {
    effect("finish");
    return "finish:" + all;
  }
}
