package dev.durable.processor.rules;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Where workflow code iterates a collection, and where that collection came from. Shared by the
 * two iteration-order rules. Origins are traced through local variables and fields to their
 * initializer (later reassignments are not tracked) and through the {@code keySet()},
 * {@code values()} and {@code entrySet()} views.
 */
final class IteratedCollections {
  private IteratedCollections() {}

  /** How the iteration order of a collection is decided. */
  enum Order {
    /** {@code Set.of}, {@code Map.of} and friends: randomized per JVM (ImmutableCollections.SALT). */
    RANDOMIZED,
    /** {@code HashSet}, {@code HashMap} and friends: decided by the elements' hash codes. */
    HASHED,
    /** Anything else: insertion, sort or index order, or unknown. */
    OTHER
  }

  /** The origin's order and its static type (whose first type argument is the key or element). */
  record Origin(Order order, TypeMirror type) {}

  private static final Origin OTHER = new Origin(Order.OTHER, null);

  /** Calls on a collection or map that visit its elements in iteration order. */
  private static final Set<String> ITERATING_METHODS =
      Set.of("forEach", "stream", "parallelStream", "iterator", "spliterator", "toArray");

  private static final Set<String> VIEW_METHODS = Set.of("keySet", "values", "entrySet");

  private static final Set<String> HASHED_TYPES =
      Set.of(
          "java.util.HashSet",
          "java.util.HashMap",
          "java.util.Hashtable",
          "java.util.concurrent.ConcurrentHashMap");

  private static final int MAX_TRACE_DEPTH = 4;

  static ExpressionTree iterated(EnhancedForLoopTree loop) {
    return loop.getExpression();
  }

  /** The receiver of {@code call} if it iterates a collection or map, for example {@code s.forEach(..)}. */
  static Optional<ExpressionTree> iterated(Tree call, ExecutableElement callee, CodeContext context) {
    if (!(call instanceof MethodInvocationTree invocation)
        || !ITERATING_METHODS.contains(callee.getSimpleName().toString())
        || !(invocation.getMethodSelect() instanceof MemberSelectTree select)
        || !isCollectionOrMap(callee.getEnclosingElement(), context)) {
      return Optional.empty();
    }
    return Optional.of(select.getExpression());
  }

  static Origin origin(ExpressionTree expression, CodeContext context) {
    return origin(expression, context, 0);
  }

  private static Origin origin(ExpressionTree expression, CodeContext context, int depth) {
    if (depth > MAX_TRACE_DEPTH) {
      return OTHER;
    }
    ExpressionTree tree = expression;
    while (tree instanceof ParenthesizedTree parenthesized) {
      tree = parenthesized.getExpression();
    }
    Element element = context.elementOf(tree);
    if (tree instanceof MethodInvocationTree invocation
        && element instanceof ExecutableElement method) {
      return fromCall(invocation, method, context, depth);
    }
    if (tree instanceof NewClassTree) {
      return fromStaticType(context.typeOf(tree));
    }
    if (element instanceof VariableElement variable) {
      Origin declared = fromStaticType(variable.asType());
      if (declared.order() != Order.OTHER) {
        return declared;
      }
      return context
          .initializerOf(variable)
          .map(init -> origin(init, context, depth + 1))
          .map(found -> new Origin(found.order(), variable.asType()))
          .orElse(OTHER);
    }
    return tree == null ? OTHER : fromStaticType(context.typeOf(tree));
  }

  private static Origin fromCall(
      MethodInvocationTree invocation, ExecutableElement method, CodeContext context, int depth) {
    String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    TypeMirror type = context.typeOf(invocation);
    if ((owner.equals("java.util.Set") || owner.equals("java.util.Map"))
        && (name.equals("of") || name.equals("ofEntries") || name.equals("copyOf"))) {
      return new Origin(Order.RANDOMIZED, type);
    }
    if (VIEW_METHODS.contains(name)
        && isMap(method.getEnclosingElement(), context)
        && invocation.getMethodSelect() instanceof MemberSelectTree select) {
      Origin map = origin(select.getExpression(), context, depth + 1);
      return map;
    }
    if (name.equals("collect") && invocation.getArguments().size() == 1) {
      return fromCollector(invocation.getArguments().get(0), type, context);
    }
    return fromStaticType(type);
  }

  private static Origin fromCollector(ExpressionTree collector, TypeMirror type, CodeContext context) {
    if (!(collector instanceof MethodInvocationTree call)
        || !(context.elementOf(call) instanceof ExecutableElement factory)
        || !((TypeElement) factory.getEnclosingElement())
            .getQualifiedName()
            .contentEquals("java.util.stream.Collectors")) {
      return fromStaticType(type);
    }
    switch (factory.getSimpleName().toString()) {
      case "toUnmodifiableSet":
      case "toUnmodifiableMap":
        return new Origin(Order.RANDOMIZED, type);
      case "toSet":
      case "groupingBy":
      case "groupingByConcurrent":
        return new Origin(Order.HASHED, type);
      case "toMap":
        // toMap(k, v, merge, mapFactory) chooses its own map; the shorter forms build a HashMap.
        return call.getArguments().size() < 4 ? new Origin(Order.HASHED, type) : OTHER;
      default:
        return fromStaticType(type);
    }
  }

  private static Origin fromStaticType(TypeMirror type) {
    if (type instanceof DeclaredType declared
        && HASHED_TYPES.contains(
            ((TypeElement) declared.asElement()).getQualifiedName().toString())) {
      return new Origin(Order.HASHED, type);
    }
    return OTHER;
  }

  /** The key (of a map) or element (of a collection) type of {@code type}, or null if unknown. */
  static TypeMirror keyType(TypeMirror type) {
    if (type instanceof DeclaredType declared && !declared.getTypeArguments().isEmpty()) {
      TypeMirror key = declared.getTypeArguments().get(0);
      return key.getKind() == TypeKind.WILDCARD ? null : key;
    }
    return null;
  }

  private static boolean isCollectionOrMap(Element owner, CodeContext context) {
    return isSubtypeOf(owner, "java.lang.Iterable", context) || isMap(owner, context);
  }

  private static boolean isMap(Element owner, CodeContext context) {
    return isSubtypeOf(owner, "java.util.Map", context);
  }

  private static boolean isSubtypeOf(Element owner, String name, CodeContext context) {
    TypeElement target = context.elements().getTypeElement(name);
    return owner instanceof TypeElement type
        && target != null
        && context
            .types()
            .isSubtype(
                context.types().erasure(type.asType()), context.types().erasure(target.asType()));
  }

  /** Describes the iterated expression in a message: {@code for (... : names)}, {@code names.forEach(...)}. */
  static String describe(Tree site, ExpressionTree iterated, ExecutableElement callee) {
    String source = iterated.toString();
    if (source.length() > 40) {
      source = source.substring(0, 37) + "...";
    }
    return site instanceof EnhancedForLoopTree
        ? "for (... : " + source + ")"
        : source + "." + callee.getSimpleName() + "(...)";
  }

  /**
   * Whether hash codes of {@code type} are the same in every JVM run: strings, boxed primitives,
   * java.time values, UUID, BigInteger/BigDecimal, classes that override {@code hashCode()} and
   * records whose components have stable hash codes. Enums, interfaces, {@code Object}, arrays and
   * classes keeping {@code Object.hashCode()} hash by identity, which differs between runs.
   */
  static boolean hasStableHash(TypeMirror type, CodeContext context) {
    return hasStableHash(type, context, 0);
  }

  private static boolean hasStableHash(TypeMirror type, CodeContext context, int depth) {
    if (type == null || depth > MAX_TRACE_DEPTH) {
      return false;
    }
    if (type.getKind().isPrimitive()) {
      return true;
    }
    if (!(type instanceof DeclaredType declared)) {
      return false;
    }
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (STABLE_VALUE_TYPES.contains(name) || name.startsWith("java.time.")) {
      return true;
    }
    if (element.getKind() == ElementKind.RECORD) {
      for (Element component : element.getRecordComponents()) {
        if (!hasStableHash(component.asType(), context, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (element.getKind() != ElementKind.CLASS) {
      return false;
    }
    return overridesHashCode(element, context);
  }

  private static boolean overridesHashCode(TypeElement type, CodeContext context) {
    for (TypeElement t = type;
        t != null && !t.getQualifiedName().contentEquals("java.lang.Object");
        t = superclass(t)) {
      for (Element member : t.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD
            && member.getSimpleName().contentEquals("hashCode")
            && ((ExecutableElement) member).getParameters().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    return superclass instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
  }

  private static final List<String> STABLE_VALUE_TYPES =
      List.of(
          "java.lang.String",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Boolean",
          "java.lang.Double",
          "java.lang.Float",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.UUID");
}
