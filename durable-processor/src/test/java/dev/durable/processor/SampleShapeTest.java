package dev.durable.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.onboardingSources;

import org.junit.jupiter.api.Test;

/**
 * The shape of the sample-onboarding workflow must compile without a single diagnostic: steps on
 * an interface implemented by the workflow, records as parameters and results, a constructor taking
 * services, Durable.async branches joined with CompletableFuture.join().
 */
class SampleShapeTest {
  @Test
  void onboardingWorkflow_compilesWithoutWarnings() {
    assertThat(compile(onboardingSources())).succeededWithoutWarnings();
  }
}
