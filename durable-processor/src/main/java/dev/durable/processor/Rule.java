package dev.durable.processor;

import javax.tools.Diagnostic;

/**
 * A check with a stable identity. The id appears in every message, is the key for
 * {@code @SuppressWarnings}, and names the rule's page in {@code docs/rules/<id>.md}.
 */
public interface Rule {
  /** Stable PascalCase id with the {@code Durable} prefix, for example {@code DurableNoWallClock}. */
  String id();

  /** One line saying what the rule rejects. */
  String summary();

  /** {@link Diagnostic.Kind#ERROR} fails the build; {@link Diagnostic.Kind#WARNING} is advice. */
  Diagnostic.Kind severity();
}
