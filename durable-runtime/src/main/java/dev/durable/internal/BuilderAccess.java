package dev.durable.internal;

import dev.durable.DurableEngine;
import dev.durable.internal.store.WorkflowStore;
import java.util.function.UnaryOperator;

/**
 * Reaches the builder settings that are not public API, for this project's own modules: the testing
 * kit wraps an engine's store to crash it at a chosen write. {@link DurableEngine} hands its accessor
 * over when it is initialized (the JDK's "shared secrets" pattern), so that the public builder
 * exposes no internal type.
 */
public final class BuilderAccess {
  /** What {@link DurableEngine.Builder} lets this project's modules do. */
  public interface Hooks {
    void decorateStore(DurableEngine.Builder builder, UnaryOperator<WorkflowStore> decorator);
  }

  private static volatile Hooks hooks;

  private BuilderAccess() {}

  /** Called once, by {@link DurableEngine}'s static initializer. */
  public static void install(Hooks installed) {
    hooks = installed;
  }

  /**
   * Makes {@code builder}'s engine use {@code decorator.apply(store)} instead of the store it opens;
   * the decorated store must close the one it wraps.
   */
  public static void decorateStore(DurableEngine.Builder builder, UnaryOperator<WorkflowStore> decorator) {
    if (hooks == null) {
      // The builder exists, so DurableEngine is initialized already; this is for completeness.
      try {
        Class.forName(DurableEngine.class.getName(), true, DurableEngine.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    hooks.decorateStore(builder, decorator);
  }
}
