package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoWorkflowInstantiationRuleTest {
  private static final JavaFileObject PAYMENT =
      source(
          "test.PaymentWorkflow",
          """
          package test;
          import dev.durable.annotations.*;
          @DurableWorkflow public class PaymentWorkflow {
            @WorkflowMethod public String pay(String order) { return charge(order); }
            @DurableStep String charge(String order) { return "receipt-" + order; }
          }
          """);

  @Test
  void newWorkflowInWorkflowCode_isRejectedAtNew() {
    JavaFileObject src =
        source(
            "test.Checkout",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Checkout {
              @WorkflowMethod public String run(String order) {
                return new PaymentWorkflow().pay(order);
              }
            }
            """);
    assertThat(compile(src, PAYMENT))
        .hadErrorContaining(
            "[DurableNoWorkflowInstantiation] new PaymentWorkflow() in workflow method run()")
        .inFile(src)
        .onLine(5)
        .atColumn(12);
    assertThat(compile(src, PAYMENT))
        .hadErrorContaining("Fix: run the other workflow as a child, with its own id and history");
  }

  @Test
  void helperClasses_areAllowed() {
    JavaFileObject src =
        source(
            "test.Checkout",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Checkout {
              static final class Pricing { int total(int n) { return n * 2; } }
              @WorkflowMethod public int run(int n) { return new Pricing().total(n); }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
