package com.example.violations;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Instant;
import java.util.UUID;

/**
 * Deliberately wrong: each marked line reads something that differs when the workflow is replayed
 * after a crash. The build of this project must fail with one [Durable...] error per line.
 */
@DurableWorkflow(name = "invoice")
public class InvoiceWorkflow {

  @WorkflowMethod
  public String issue(String customer) {
    Instant issuedAt = Instant.now(); // DurableNoWallClock
    String number = UUID.randomUUID().toString(); // DurableNoRandom
    String region = System.getenv("REGION"); // DurableNoIo
    return record(customer, number, issuedAt, region);
  }

  @DurableStep
  String record(String customer, String number, Instant issuedAt, String region) {
    return customer + " " + number + " " + issuedAt + " " + region;
  }
}
