package dev.durable.processor.rules;

import com.sun.source.tree.ExpressionTree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoMutableStatics}: reading or writing static state that changes: a static field
 * that code in this compilation assigns, or a {@code static final} collection, map or atomic that
 * it mutates ({@code CACHE.put}, {@code COUNTER.incrementAndGet}). A static that nothing assigns
 * ({@code static String COMPLETION = "done";}), constants and loggers are fine: their value does
 * not depend on what ran before. A non-final static of a library, whose writers cannot be seen, counts
 * as changing.
 */
final class NoMutableStaticsRule implements CodeRule {
  static final String ID = "DurableNoMutableStatics";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Reading or writing static state that changes (an assigned static, a mutated static"
        + " collection or atomic)";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onFieldAccess(
      ExpressionTree access, VariableElement field, CodeContext context) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      return Optional.empty();
    }
    boolean changed = context.isChangedAnywhere(field);
    if (field.getModifiers().contains(Modifier.FINAL)) {
      return changed
          ? Optional.of(
              new Violation(
                  access, CodeContext.describeField(field), Messages.MUTATED_STATIC_OBJECT))
          : Optional.empty();
    }
    if (!changed && context.sourceOf(field).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(access, CodeContext.describeField(field), Messages.MUTABLE_STATIC));
  }
}
