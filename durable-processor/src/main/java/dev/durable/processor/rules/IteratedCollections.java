package dev.durable.processor.rules;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.durable.processor.CodeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Where workflow code iterates a collection, and where that collection came from. Shared by the two
 * iteration-order rules. Origins are traced through local variables and fields to their initializer
 * and to every assignment in the field's class, through getters that return an expression ({@code
 * Map<Fruit, Integer> getItems() { return items; }}), through the {@code keySet()}, {@code
 * values()} and {@code entrySet()} views, and through copies that keep the source's order ({@code
 * new ArrayList<>(set)}, {@code Collections.unmodifiableMap(map)}).
 */
final class IteratedCollections {
  private IteratedCollections() {}

  /** How the iteration order of a collection is decided. */
  enum Order {
    /**
     * {@code Set.of}, {@code Map.of} and friends: randomized per JVM (ImmutableCollections.SALT).
     */
    RANDOMIZED,
    /** {@code HashSet}, {@code HashMap} and friends: decided by the elements' hash codes. */
    HASHED,
    /** Anything else: insertion, sort or index order, or unknown. */
    OTHER
  }

  /**
   * The origin's order, its static type (whose first type argument is the key or element), and
   * whether it is a concurrent collection, typically written from parallel branches.
   */
  record Origin(Order order, TypeMirror type, boolean concurrent) {
    Origin withType(TypeMirror newType) {
      return new Origin(order, newType, concurrent);
    }
  }

  private static final Origin OTHER = new Origin(Order.OTHER, null, false);

  /** Calls on a collection or map that visit its elements in iteration order. */
  private static final Set<String> ITERATING_METHODS =
      Set.of("forEach", "stream", "parallelStream", "iterator", "spliterator", "toArray");

  private static final Set<String> VIEW_METHODS = Set.of("keySet", "values", "entrySet");

  private static final Set<String> HASHED_TYPES =
      Set.of(
          "java.util.HashSet",
          "java.util.HashMap",
          "java.util.Hashtable",
          "java.util.concurrent.ConcurrentHashMap",
          "java.util.concurrent.ConcurrentHashMap.KeySetView");

  /** Copies that iterate in their source's order. */
  private static final Set<String> ORDER_KEEPING_COPIES =
      Set.of(
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.LinkedHashSet",
          "java.util.LinkedHashMap",
          "java.util.ArrayDeque",
          "java.util.Vector",
          "java.util.concurrent.CopyOnWriteArrayList",
          "java.util.concurrent.CopyOnWriteArraySet");

  private static final int MAX_TRACE_DEPTH = 5;

  static ExpressionTree iterated(EnhancedForLoopTree loop) {
    return loop.getExpression();
  }

  /**
   * The receiver of {@code call} if it iterates a collection or map, for example {@code
   * s.forEach(..)}.
   */
  static Optional<ExpressionTree> iterated(
      Tree call, ExecutableElement callee, CodeContext context) {
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
    if (depth > MAX_TRACE_DEPTH || expression == null) {
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
    if (tree instanceof NewClassTree created) {
      return fromNew(created, context, depth);
    }
    if (element instanceof VariableElement variable) {
      Origin declared = fromStaticType(variable.asType());
      if (declared.order() != Order.OTHER) {
        return declared;
      }
      for (ExpressionTree value : valuesOf(variable, context)) {
        Origin found = origin(value, context, depth + 1);
        if (found.order() != Order.OTHER) {
          return found.withType(variable.asType());
        }
      }
      return OTHER;
    }
    return fromStaticType(context.typeOf(tree));
  }

  /** The initializer of a variable and, for a field, every value its class assigns to it. */
  private static List<ExpressionTree> valuesOf(VariableElement variable, CodeContext context) {
    List<ExpressionTree> values = new ArrayList<>();
    context.initializerOf(variable).ifPresent(values::add);
    if (variable.getKind().isField()) {
      context
          .sourceOf(variable.getEnclosingElement())
          .ifPresent(
              type ->
                  new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitAssignment(AssignmentTree node, Void unused) {
                      if (variable.equals(context.elementOf(node.getVariable()))) {
                        values.add(node.getExpression());
                      }
                      return super.visitAssignment(node, unused);
                    }
                  }.scan(type.getLeaf(), null));
    }
    return values;
  }

  private static Origin fromNew(NewClassTree created, CodeContext context, int depth) {
    TypeMirror type = context.typeOf(created);
    Origin direct = fromStaticType(type);
    if (direct.order() != Order.OTHER || created.getArguments().size() != 1) {
      return direct;
    }
    if (type instanceof DeclaredType declared
        && ORDER_KEEPING_COPIES.contains(qualifiedName(declared))) {
      Origin source = origin(created.getArguments().get(0), context, depth + 1);
      if (source.order() != Order.OTHER) {
        return source.withType(type);
      }
    }
    return direct;
  }

  private static Origin fromCall(
      MethodInvocationTree invocation, ExecutableElement method, CodeContext context, int depth) {
    String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    TypeMirror type = context.typeOf(invocation);
    if ((owner.equals("java.util.Set") || owner.equals("java.util.Map"))
        && (name.equals("of") || name.equals("ofEntries") || name.equals("copyOf"))) {
      return new Origin(Order.RANDOMIZED, type, false);
    }
    if (owner.equals("java.util.concurrent.ConcurrentHashMap") && name.equals("newKeySet")) {
      return new Origin(Order.HASHED, type, true);
    }
    if (VIEW_METHODS.contains(name)
        && isMap(method.getEnclosingElement(), context)
        && invocation.getMethodSelect() instanceof MemberSelectTree select) {
      return origin(select.getExpression(), context, depth + 1);
    }
    boolean wrapper =
        (owner.equals("java.util.Collections")
                && (name.startsWith("unmodifiable") || name.startsWith("synchronized")))
            || (owner.equals("java.util.List") && name.equals("copyOf"));
    if (wrapper && invocation.getArguments().size() == 1) {
      Origin source = origin(invocation.getArguments().get(0), context, depth + 1);
      return source.order() == Order.OTHER ? OTHER : source.withType(type);
    }
    if (name.equals("collect") && invocation.getArguments().size() == 1) {
      return fromCollector(invocation.getArguments().get(0), type, context);
    }
    Origin declared = fromStaticType(type);
    if (declared.order() == Order.OTHER) {
      Optional<ExpressionTree> returned = returnedExpression(method, context);
      if (returned.isPresent()) {
        Origin found = origin(returned.get(), context, depth + 1);
        return found.order() == Order.OTHER ? OTHER : found.withType(type);
      }
    }
    return declared;
  }

  /** The expression a method with source returns, when its body is a single return statement. */
  private static Optional<ExpressionTree> returnedExpression(
      ExecutableElement method, CodeContext context) {
    return context
        .sourceOf(method)
        .map(TreePath::getLeaf)
        .filter(MethodTree.class::isInstance)
        .map(tree -> ((MethodTree) tree).getBody())
        .filter(body -> body.getStatements().size() == 1)
        .map(BlockTree::getStatements)
        .map(statements -> statements.get(0))
        .filter(ReturnTree.class::isInstance)
        .map(statement -> ((ReturnTree) statement).getExpression());
  }

  private static Origin fromCollector(
      ExpressionTree collector, TypeMirror type, CodeContext context) {
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
        return new Origin(Order.RANDOMIZED, type, false);
      case "toSet":
      case "groupingBy":
        return new Origin(Order.HASHED, type, false);
      case "groupingByConcurrent":
      case "toConcurrentMap":
        return new Origin(Order.HASHED, type, true);
      case "toMap":
        // toMap(k, v, merge, mapFactory) chooses its own map; the shorter forms build a HashMap.
        return call.getArguments().size() < 4 ? new Origin(Order.HASHED, type, false) : OTHER;
      default:
        return fromStaticType(type);
    }
  }

  private static Origin fromStaticType(TypeMirror type) {
    if (type instanceof DeclaredType declared && HASHED_TYPES.contains(qualifiedName(declared))) {
      return new Origin(Order.HASHED, type, qualifiedName(declared).contains(".concurrent."));
    }
    return OTHER;
  }

  private static String qualifiedName(DeclaredType type) {
    return ((TypeElement) type.asElement()).getQualifiedName().toString();
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

  /**
   * Describes the iterated expression in a message: {@code for (... : names)}, {@code
   * names.forEach(...)}.
   */
  static String describe(Tree site, ExpressionTree iterated, ExecutableElement callee) {
    String source = iterated.toString();
    if (source.length() > 40) {
      source = source.substring(0, 37) + "...";
    }
    return site instanceof EnhancedForLoopTree
        ? "for (... : " + source + ")"
        : source + "." + callee.getSimpleName() + "(...)";
  }
}
