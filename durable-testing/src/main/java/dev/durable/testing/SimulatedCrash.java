package dev.durable.testing;

/**
 * Thrown by the store of an engine that {@link CrashTester} killed, into whatever the engine does
 * next, so that it writes nothing more, as a killed process would not. An {@link Error}, so that no
 * workflow code catches it as a step failure.
 */
final class SimulatedCrash extends Error {
  private static final long serialVersionUID = 1L;

  SimulatedCrash(CrashPoint point) {
    super("simulated crash " + point, null, false, false);
  }
}
