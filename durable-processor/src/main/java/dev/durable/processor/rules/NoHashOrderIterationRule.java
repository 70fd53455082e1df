package dev.durable.processor.rules;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import dev.durable.processor.rules.IteratedCollections.Order;
import dev.durable.processor.rules.IteratedCollections.Origin;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoHashOrderIteration} (warning): iterating a {@code HashSet}, {@code HashMap} (or
 * {@code Collectors.toSet/toMap/groupingBy} result) whose key type hashes by identity or is
 * unknown. Only a warning: with stable keys (strings, numbers, records of those) the order is the
 * same in every run, and the rule cannot see every key's {@code hashCode()}.
 */
final class NoHashOrderIterationRule implements CodeRule {
  static final String ID = "DurableNoHashOrderIteration";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Iterating a HashSet/HashMap whose keys hash by identity (enums, plain objects)";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.WARNING;
  }

  @Override
  public Optional<Violation> onEnhancedFor(EnhancedForLoopTree loop, CodeContext context) {
    return check(loop, IteratedCollections.iterated(loop), null, context);
  }

  @Override
  public Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    return IteratedCollections.iterated(call, callee, context)
        .flatMap(iterated -> check(call, iterated, callee, context));
  }

  private static Optional<Violation> check(
      Tree site, ExpressionTree iterated, ExecutableElement callee, CodeContext context) {
    Origin origin = IteratedCollections.origin(iterated, context);
    if (origin.order() != Order.HASHED
        || IteratedCollections.hasStableHash(IteratedCollections.keyType(origin.type()), context)) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            iterated,
            IteratedCollections.describe(site, iterated, callee),
            Messages.HASH_ORDER_ITERATION));
  }
}
