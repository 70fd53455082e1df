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
 * {@code DurableNoMutableStatics}: reading or writing a non-final static field. Final statics
 * (constants, enum constants) are fine: their value does not depend on what ran before.
 */
final class NoMutableStaticsRule implements CodeRule {
  static final String ID = "DurableNoMutableStatics";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Reading or writing a non-final static field";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onFieldAccess(
      ExpressionTree access, VariableElement field, CodeContext context) {
    if (!field.getModifiers().contains(Modifier.STATIC)
        || field.getModifiers().contains(Modifier.FINAL)) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(access, CodeContext.describeField(field), Messages.MUTABLE_STATIC));
  }
}
