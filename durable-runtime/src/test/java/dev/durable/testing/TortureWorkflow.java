package dev.durable.testing;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A random workflow drawn from a seed, for the kill -9 torture: loops, conditionals on step results,
 * parallel branches ({@link Durable#async}), child workflows ({@link TortureLeaf}), {@link #EVENTS}
 * awaited events at random places, short durable sleeps (so that kills also land while a
 * run is suspended, or being resumed), steps that fail and are caught, a step that fails twice
 * in every process before it succeeds (retries), and small and large (up to ~1.5 MB) results. The
 * shape depends only on the seed and on recorded step results, so it replays identically.
 *
 * <p>Every step call gets a key unique within the workflow, built by the workflow code
 * ({@code 3}, {@code 4/b1/0}, ...). Each body writes {@code <workflow> <key> <kind>} to the ledger
 * before anything else ({@code ok}, {@code fail}, or {@code try} for an attempt that will be
 * retried), and embeds {@code @@key@@} in its result or exception message, so the parent can map
 * committed steps in the database back to ledger lines.
 */
@DurableWorkflow(name = "torture")
public class TortureWorkflow {
  /** How many events named {@link #EVENT} every run awaits. */
  public static final int EVENTS = 3;
  public static final String EVENT = "ev";

  private final FileLedger ledger;
  /** Failed attempts of each flaky key in this process: the first two fail, the third succeeds. */
  private final Map<String, AtomicInteger> flakyAttempts = new ConcurrentHashMap<>();

  public TortureWorkflow(FileLedger ledger) {
    this.ledger = ledger;
  }

  @WorkflowMethod
  public String run(long seed) {
    Random plan = new Random(seed);
    List<String> parts = new ArrayList<>();
    int items = 4 + plan.nextInt(7);
    int awaitsLeft = EVENTS;
    for (int i = 0; i < items; i++) {
      if (awaitsLeft > 0 && plan.nextInt(4) == 0) {
        parts.add(awaitEvent());
        awaitsLeft--;
      }
      parts.add(item(Integer.toString(i), plan, true));
    }
    for (; awaitsLeft > 0; awaitsLeft--) {
      parts.add(awaitEvent());
    }
    return String.join(",", parts);
  }

  /** The next event "ev" (the test sends {@link #EVENTS} of them to every run, at random moments). */
  private static String awaitEvent() {
    return "ev(" + Durable.awaitEvent(EVENT, String.class) + ")";
  }

  /** One randomly chosen construct; branches draw their own seed here, in the calling thread. */
  private String item(String key, Random plan, boolean mayBranch) {
    int kind = plan.nextInt(mayBranch ? 8 : 7);
    switch (kind) {
      case 0, 1:
        return digest(compute(key, size(plan)));
      case 2:
        try {
          return digest(fail(key));
        } catch (IllegalStateException e) {
          return "caught(" + digest(e.getMessage()) + ")";
        }
      case 3:
        return digest(flaky(key));
      case 4: {
        int rounds = 1 + plan.nextInt(4);
        StringBuilder loop = new StringBuilder("loop[");
        for (int j = 0; j < rounds; j++) {
          String r = compute(key + "/" + j, size(plan));
          loop.append(digest(r));
          // A conditional on a recorded result: replay must take the same path.
          if (r.hashCode() % 2 == 0) {
            loop.append('+').append(digest(compute(key + "/" + j + "c", 16)));
          }
        }
        return loop.append(']').toString();
      }
      case 5: {
        // Now and then a durable timer: a short one waits in its thread, a longer one suspends the
        // run (in a branch, all of it) until a worker resumes it. Rare and short, so that most kills
        // still land while steps run.
        if (plan.nextInt(4) != 0) {
          return digest(compute(key, size(plan)));
        }
        Durable.sleep(Duration.ofMillis(5 + plan.nextInt(250)));
        return "slept";
      }
      case 6:
        // A child workflow, of its own id, run by whichever worker takes it.
        return "child(" + Durable.child(TortureLeaf.class, Durable.workflowId() + "-" + key.replace('/', '.'))
            .run(plan.nextLong()) + ")";
      default: {
        int width = 2 + plan.nextInt(3);
        List<CompletableFuture<String>> branches = new ArrayList<>();
        for (int b = 0; b < width; b++) {
          String branchKey = key + "/b" + b;
          long branchSeed = plan.nextLong();
          branches.add(Durable.async(() -> branch(branchKey, branchSeed)));
        }
        StringBuilder joined = new StringBuilder("par[");
        for (CompletableFuture<String> f : branches) {
          joined.append(f.join()).append(';');
        }
        return joined.append(']').toString();
      }
    }
  }

  private String branch(String key, long seed) {
    Random plan = new Random(seed);
    int steps = 1 + plan.nextInt(3);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < steps; i++) {
      s.append(item(key + "/" + i, plan, false)).append(' ');
    }
    return s.toString().trim();
  }

  private static int size(Random plan) {
    // Mostly small; one in twenty between 100 KB and 1.5 MB.
    return plan.nextInt(20) == 0 ? 100_000 + plan.nextInt(1_400_000) : 8 + plan.nextInt(200);
  }

  @DurableStep
  public String compute(String key, int size) {
    effect(key, "ok");
    return payload(key, size);
  }

  @DurableStep
  public String fail(String key) {
    effect(key, "fail");
    throw new IllegalStateException("@@" + key + "@@ failed on purpose");
  }

  @DurableStep(maxAttempts = 1000, initialBackoffMillis = 1, maxBackoffMillis = 2)
  public String flaky(String key) {
    int attempt = flakyAttempts.computeIfAbsent(Durable.workflowId() + " " + key, k -> new AtomicInteger()).incrementAndGet();
    if (attempt <= 2) {
      effect(key, "try");
      throw new IllegalStateException("@@" + key + "@@ transient failure " + attempt);
    }
    effect(key, "ok");
    return payload(key, 32);
  }

  private void effect(String key, String kind) {
    ledger.ran(Durable.workflowId() + " " + key + " " + kind);
    // A little time inside the body, so that kills land between side effect and commit too.
    if ((key.hashCode() & 3) == 0) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  static String payload(String key, int size) {
    StringBuilder s = new StringBuilder(size + key.length() + 4).append("@@").append(key).append("@@");
    long h = key.hashCode();
    while (s.length() < size) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      s.append((char) ('a' + (int) ((h >>> 33) % 26)));
    }
    return s.toString();
  }

  /** A short stand-in for a value, so the workflow result stays small while depending on every byte. */
  static String digest(String value) {
    return Integer.toHexString(value.hashCode()) + ":" + value.length();
  }
}
