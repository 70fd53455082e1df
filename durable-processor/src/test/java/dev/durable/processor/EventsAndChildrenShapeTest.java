package dev.durable.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Workflow code using events, timers, child workflows and compensations (issue 16) compiles
 * without a single diagnostic: the shapes of the runtime's {@code EventsAndChildrenTest}, a
 * generic await through a {@code TypeReference} anonymous class, children started in {@code
 * Durable.async} branches, a child proxy kept in a variable, and a saga undoing steps with lambdas.
 */
class EventsAndChildrenShapeTest {
  @Test
  void eventsTimersChildrenAndCompensations_compileWithoutWarnings() {
    JavaFileObject src =
        source(
            "test.Onboarding",
            """
            package test;
            import com.fasterxml.jackson.core.type.TypeReference;
            import dev.durable.Compensations;
            import dev.durable.Durable;
            import dev.durable.annotations.*;
            import java.time.Duration;
            import java.util.List;
            import java.util.Optional;
            import java.util.concurrent.CompletableFuture;

            @DurableWorkflow
            public class Onboarding {
              public record Decision(String by, boolean approved) {}

              @WorkflowMethod
              public String onboard(String who, String manager) {
                Compensations undo = new Compensations();
                try {
                  reserveDesk(who);
                  undo.add(() -> releaseDesk(who));
                  Durable.sendEvent(manager, "approval-requested", who);
                  Optional<Decision> decision =
                      Durable.awaitEvent("approval", Decision.class, Duration.ofDays(2));
                  String by = decision.map(Decision::by).orElseGet(this::escalate);
                  List<Decision> batch =
                      Durable.awaitEvent("batch", new TypeReference<List<Decision>>() {}.getType());
                  CompletableFuture<String> laptop = Durable.async(
                      () -> Durable.child(Laptop.class, Durable.workflowId() + "-laptop").provision(who));
                  CompletableFuture<String> access = Durable.async(
                      () -> Durable.child(Access.class, Durable.workflowId() + "-access").grant(who));
                  Laptop spare = Durable.child(Laptop.class, Durable.workflowId() + "-spare-" + batch.size());
                  String extra = spare.provision(who);
                  Durable.sleep(Duration.ofHours(1));
                  Durable.sleepUntil(Durable.now().plus(Duration.ofMinutes(5)));
                  Durable.sendEvent(Durable.workflowId() + "-audit-" + Durable.randomUUID(), "done", by);
                  return welcome(laptop.join() + access.join() + extra);
                } catch (IllegalStateException e) {
                  undo.compensate();
                  return "compensated: " + e.getMessage();
                } catch (RuntimeException e) {
                  undo.compensate();
                  throw e;
                }
              }

              @DurableStep public void reserveDesk(String who) {}
              @DurableStep public void releaseDesk(String who) {}
              @DurableStep public String escalate() { return "escalated"; }
              @DurableStep public String welcome(String what) { return "welcome: " + what; }

              @DurableWorkflow
              public static class Laptop {
                @WorkflowMethod public String provision(String who) { return ship(who); }
                @DurableStep public String ship(String who) { return "laptop for " + who; }
              }

              @DurableWorkflow
              public static class Access {
                @WorkflowMethod public String grant(String who) {
                  String ticket = Durable.awaitEvent("go", String.class);
                  return grantStep(who, ticket);
                }
                @DurableStep public String grantStep(String who, String ticket) { return who + ticket; }
              }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
