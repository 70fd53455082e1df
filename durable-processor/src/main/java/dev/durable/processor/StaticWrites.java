package dev.durable.processor;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which static fields the code of this compilation changes: assigns ({@code =}, {@code +=}, {@code
 * ++}) or, through a method call on the field, mutates ({@code COUNTER.incrementAndGet()}, {@code
 * CACHE.put(k, v)}, {@code TABLE[i] = x}). The declaring class's static initialization does not
 * count: filling a constant table in a {@code static} block is not state that changes between runs.
 * Computed once, on first use, over every compilation unit the processor has seen.
 */
final class StaticWrites {
  /** Methods that change a collection or map. */
  private static final Set<String> COLLECTION_MUTATORS =
      Set.of(
          "add",
          "addAll",
          "addFirst",
          "addLast",
          "offer",
          "offerFirst",
          "offerLast",
          "push",
          "pop",
          "poll",
          "pollFirst",
          "pollLast",
          "put",
          "putAll",
          "putIfAbsent",
          "compute",
          "computeIfAbsent",
          "computeIfPresent",
          "merge",
          "remove",
          "removeAll",
          "removeIf",
          "retainAll",
          "clear",
          "set",
          "replace",
          "replaceAll",
          "sort");

  /** Methods of {@code java.util.concurrent.atomic} types that only read. */
  private static final Set<String> ATOMIC_READS =
      Set.of(
          "get",
          "getPlain",
          "getOpaque",
          "getAcquire",
          "intValue",
          "longValue",
          "doubleValue",
          "floatValue",
          "sum",
          "toString",
          "length");

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final List<CompilationUnitTree> units;
  private Set<Element> changed;

  StaticWrites(Trees trees, Elements elements, Types types, List<CompilationUnitTree> units) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.units = units;
  }

  boolean isChanged(VariableElement field) {
    if (changed == null) {
      changed = new HashSet<>();
      for (CompilationUnitTree unit : units) {
        new Scanner().scan(unit, null);
      }
    }
    return changed.contains(field);
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    @Override
    public Void visitAssignment(AssignmentTree node, Void unused) {
      written(node.getVariable());
      return super.visitAssignment(node, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
      written(node.getVariable());
      return super.visitCompoundAssignment(node, unused);
    }

    @Override
    public Void visitUnary(UnaryTree node, Void unused) {
      switch (node.getKind()) {
        case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
            written(node.getExpression());
        default -> {}
      }
      return super.visitUnary(node, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      if (node.getMethodSelect() instanceof MemberSelectTree select
          && trees.getElement(getCurrentPath()) instanceof ExecutableElement method
          && isMutator(method)) {
        written(select.getExpression());
      }
      return super.visitMethodInvocation(node, unused);
    }

    private void written(ExpressionTree target) {
      ExpressionTree tree = target;
      while (tree instanceof ParenthesizedTree p) {
        tree = p.getExpression();
      }
      if (tree instanceof ArrayAccessTree array) {
        written(array.getExpression());
        return;
      }
      Element element = trees.getElement(new TreePath(getCurrentPath(), tree));
      if (element instanceof VariableElement field
          && field.getKind() == ElementKind.FIELD
          && field.getModifiers().contains(Modifier.STATIC)
          && !inStaticInitializationOf(field.getEnclosingElement())) {
        changed.add(field);
      }
    }

    /**
     * Whether the current node is in a static block or static field initializer of {@code owner}.
     */
    private boolean inStaticInitializationOf(Element owner) {
      Tree previous = null;
      for (TreePath p = getCurrentPath(); p != null; p = p.getParentPath()) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof ClassTree) {
          boolean staticMember =
              (previous instanceof BlockTree block && block.isStatic())
                  || (previous instanceof VariableTree v
                      && v.getModifiers().getFlags().contains(Modifier.STATIC));
          return staticMember && owner.equals(trees.getElement(p));
        }
        previous = leaf;
      }
      return false;
    }
  }

  private boolean isMutator(ExecutableElement method) {
    if (!(method.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String name = method.getSimpleName().toString();
    if (elements
        .getPackageOf(owner)
        .getQualifiedName()
        .contentEquals("java.util.concurrent.atomic")) {
      return !ATOMIC_READS.contains(name);
    }
    return COLLECTION_MUTATORS.contains(name)
        && (isSubtype(owner, "java.util.Collection") || isSubtype(owner, "java.util.Map"));
  }

  private boolean isSubtype(TypeElement type, String name) {
    TypeElement target = elements.getTypeElement(name);
    return target != null
        && types.isSubtype(types.erasure(type.asType()), types.erasure(target.asType()));
  }
}
