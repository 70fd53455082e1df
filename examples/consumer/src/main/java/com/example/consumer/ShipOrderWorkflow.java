package com.example.consumer;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Instant;

/** A valid workflow: two steps, and the time from Durable.now(), which is recorded and replayed. */
@DurableWorkflow(name = "ship-order")
public class ShipOrderWorkflow {

  @WorkflowMethod
  public String ship(String orderId) {
    String reservation = reserveStock(orderId);
    String label = bookCourier(reservation);
    Instant shippedAt = Durable.now();
    return orderId + " shipped: " + reservation + ", " + label + ", " + shippedAt;
  }

  @DurableStep
  String reserveStock(String orderId) {
    return "RSV-" + orderId; // a real step would call the stock service here
  }

  @DurableStep
  String bookCourier(String reservation) {
    return "LABEL-" + reservation; // and the courier's API here
  }
}
