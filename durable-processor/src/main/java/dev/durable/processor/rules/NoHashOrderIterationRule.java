package dev.durable.processor.rules;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import dev.durable.processor.rules.IteratedCollections.Order;
import dev.durable.processor.rules.IteratedCollections.Origin;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoHashOrderIteration} (error): iterating, in an order-dependent way, a {@code
 * HashSet}, {@code HashMap}, {@code ConcurrentHashMap} (or a {@code Collectors.toSet/toMap/
 * groupingBy} result) whose key type hashes by identity: an enum, a class keeping {@code
 * Object.hashCode()}, or a record or list containing one. Identity hash codes differ in every JVM,
 * so the order after a restart differs for certain. Keys whose hash the static type does not reveal
 * (interfaces, {@code Object}) are not reported. The fix named fits the collection: an {@code
 * EnumMap} for an enum-keyed map, but a sorted concurrent map when branches write it.
 */
final class NoHashOrderIterationRule implements CodeRule {
  static final String ID = "DurableNoHashOrderIteration";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Iterating a HashSet/HashMap/ConcurrentHashMap whose keys hash by identity (enums, plain"
               + " objects)";
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
    Origin origin = IteratedCollections.origin(iterated, context);
    if (origin.order() != Order.HASHED) {
      return Optional.empty();
    }
    TypeMirror key = IteratedCollections.keyType(origin.type());
    if (HashStability.of(key, context) != HashStability.IDENTITY
        || OrderInsensitiveUse.ignoresOrder(site, callee, context)) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            iterated,
            IteratedCollections.describe(site, iterated, callee),
            Messages.hashOrderIteration(
                DurableElements.simpleName(key), fix(origin, key, iterated, context))));
  }

  private static String fix(
      Origin origin, TypeMirror key, ExpressionTree iterated, CodeContext context) {
    if (origin.concurrent() || ParallelBranches.usedInBranches(iterated, context)) {
      return Messages.HASH_ORDER_FIX_CONCURRENT;
    }
    boolean enumKey =
        key instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM;
    return enumKey ? Messages.HASH_ORDER_FIX_ENUM : Messages.HASH_ORDER_FIX_IDENTITY;
  }
}
