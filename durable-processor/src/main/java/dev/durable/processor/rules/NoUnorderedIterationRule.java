package dev.durable.processor.rules;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import dev.durable.processor.rules.IteratedCollections.Order;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoUnorderedIteration} (error): iterating a collection made by {@code Set.of},
 * {@code Map.of}, {@code Map.ofEntries}, {@code copyOf} or {@code Collectors.toUnmodifiable*}. Their
 * iteration order is salted per JVM, so it is certain to differ after a restart. Uses whose
 * result ignores the order ({@code Set.of(...).stream().anyMatch(...)}, a {@code sorted()}
 * pipeline, a loop summing integers) are not reported. Hash-ordered collections are
 * {@link NoHashOrderIterationRule}.
 */
final class NoUnorderedIterationRule implements CodeRule {
  static final String ID = "DurableNoUnorderedIteration";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Iterating Set.of/Map.of collections, whose order is randomized per JVM";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
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
    if (IteratedCollections.origin(iterated, context).order() != Order.RANDOMIZED
        || OrderInsensitiveUse.ignoresOrder(site, callee, context)) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            iterated,
            IteratedCollections.describe(site, iterated, callee),
            Messages.UNORDERED_ITERATION));
  }
}
