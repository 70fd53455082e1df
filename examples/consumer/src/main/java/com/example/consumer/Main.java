package com.example.consumer;

import dev.durable.DurableEngine;
import dev.durable.DurableListener;
import dev.durable.StepEvent;
import java.nio.file.Path;

/** Runs order-1 twice: the first call executes the steps, the second returns the recorded result. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Path database = Path.of(args.length > 0 ? args[0] : "target/consumer.db");
    DurableListener printer = new DurableListener() {
      @Override
      public void onStep(StepEvent event) {
        System.out.println("  step " + event.stepName() + ": " + event.outcome());
      }
    };
    try (DurableEngine engine = DurableEngine.builder(database).listener(printer).build()) {
      String first = engine.workflow(ShipOrderWorkflow.class, "order-1").ship("order-1");
      System.out.println("first call:  " + first);
      String second = engine.workflow(ShipOrderWorkflow.class, "order-1").ship("order-1");
      System.out.println("second call: " + second);
      if (!second.equals(first)) {
        throw new IllegalStateException("the second call did not return the recorded result");
      }
    }
  }
}
