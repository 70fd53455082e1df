package dev.durable.processor.rules;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Violation;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;

/**
 * A rule that is nothing but a {@link MemberTable}: any call, constructor call, method reference or
 * field access resolving to a listed member is a violation. The subclasses hold only their table.
 */
abstract class BannedMemberRule implements CodeRule {
  private final String id;
  private final String summary;
  private final MemberTable table;

  BannedMemberRule(String id, String summary, MemberTable table) {
    this.id = id;
    this.summary = summary;
    this.table = table;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public final Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    return table
        .match(callee, context.elements(), context.types())
        .filter(why -> !allowedAt(call, context))
        .map(
            why ->
                new Violation(
                    call, CodeContext.describeCall(call, callee), explanationAt(why, context)));
  }

  /** Whether this particular use of a listed member is harmless; none is, unless a rule says. */
  boolean allowedAt(Tree call, CodeContext context) {
    return false;
  }

  /**
   * The explanation for this particular use of a listed member; the table's, unless a rule knows
   * better (a random value that builds a child workflow's id).
   */
  String explanationAt(String tableExplanation, CodeContext context) {
    return tableExplanation;
  }

  @Override
  public final Optional<Violation> onFieldAccess(
      ExpressionTree access, VariableElement field, CodeContext context) {
    return table
        .match(field, context.elements(), context.types())
        .map(why -> new Violation(access, CodeContext.describeField(field), why));
  }
}
