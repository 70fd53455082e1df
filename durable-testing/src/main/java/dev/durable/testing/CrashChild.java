package dev.durable.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.StepStart;
import dev.durable.WorkflowCancelledException;
import dev.durable.WorkflowFailedException;
import dev.durable.WorkflowHandle;
import dev.durable.WorkflowTimeoutException;
import dev.durable.internal.BuilderAccess;
import java.nio.file.Path;

/**
 * The JVM {@link CrashTester#inChildJvm} kills: it runs a scenario on a database until the store
 * reaches the crash point, and there halts with {@link Runtime#halt}, as {@code kill -9} would stop
 * it: no shutdown hooks, no finally blocks, no last write. It prints {@code #STEP name} before each
 * step body runs, {@code #CRASHED} just before it halts, and {@code #FINISHED} if the run ended
 * without reaching the point.
 *
 * <p>Arguments: the scenario's class, the database file, and the crash point's workflow id,
 * position and moment.
 */
public final class CrashChild {
  /** The exit code of a halt at the crash point. */
  static final int HALTED = 137;

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    CrashScenario scenario = CrashTester.instantiate(Class.forName(args[0]).asSubclass(CrashScenario.class));
    CrashPoint target = new CrashPoint(args[2], args[3], "", CrashPoint.Moment.valueOf(args[4]));
    TestClock clock = new TestClock(CrashTester.START);
    DurableEngine.Builder builder = DurableEngine.builder(Path.of(args[1]));
    scenario.configure(builder);
    builder.clock(clock).pollInterval(CrashTester.POLL).withoutRetryBackoff().listener(new DurableListener() {
      @Override
      public void onStepStart(StepStart start) {
        System.out.println("#STEP " + start.stepName());
        System.out.flush();
      }
    });
    CrashingStore[] store = new CrashingStore[1];
    BuilderAccess.decorateStore(builder, s -> store[0] = new CrashingStore(s, target, () -> {
      System.out.println("#CRASHED");
      System.out.flush();
      Runtime.getRuntime().halt(HALTED);
    }));
    DurableEngine engine = builder.build();
    try {
      scenario.start(engine, CrashTester.WORKFLOW_ID);
      store[0].arm();
      WorkflowHandle<JsonNode> handle = engine.handle(CrashTester.WORKFLOW_ID, JsonNode.class);
      while (true) {
        try {
          handle.result(CrashTester.POLL);
          break;
        } catch (WorkflowFailedException | WorkflowCancelledException ended) {
          break;
        } catch (WorkflowTimeoutException notYet) {
          TimeSkipper.skip(engine, clock);
        }
      }
    } catch (SimulatedCrash dying) {
      // The store died under this thread too: the thread that reached the crash point halts the JVM.
      Thread.sleep(Long.MAX_VALUE);
    }
    System.out.println("#FINISHED");
    System.out.flush();
    engine.close();
    System.exit(0);
  }
}
