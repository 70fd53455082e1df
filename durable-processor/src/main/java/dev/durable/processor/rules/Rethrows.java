package dev.durable.processor.rules;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.durable.processor.CodeContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * What a catch clause catches and whether it rethrows. "Rethrows" means a {@code throw} whose
 * expression mentions the caught variable or a pattern variable bound from it: {@code throw e},
 * {@code throw new X(e)}, {@code throw wrap(e)}, {@code if (e.getCause() instanceof MyError m)
 * throw m}.
 */
final class Rethrows {
  private Rethrows() {}

  /** The caught types' trees: one, or the alternatives of a multi-catch. */
  static List<? extends Tree> caughtTypes(CatchTree handler) {
    Tree type = handler.getParameter().getType();
    return type instanceof UnionTypeTree union ? union.getTypeAlternatives() : List.of(type);
  }

  static String qualifiedName(TypeMirror type) {
    return type instanceof DeclaredType declared
        ? ((TypeElement) declared.asElement()).getQualifiedName().toString()
        : "";
  }

  static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }

  static boolean rethrows(CatchTree handler, CodeContext context) {
    Set<Element> caught = new HashSet<>();
    caught.add(context.elementOf(handler.getParameter()));
    // Pattern variables bound from the caught exception (if (e instanceof X x) throw x;) are
    // aliases; they are collected first, in source order, before throws are inspected.
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitInstanceOf(InstanceOfTree node, Void unused) {
        if (mentions(node.getExpression(), caught, context) && node.getPattern() != null) {
          new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree binding, Void u) {
              caught.add(context.elementOf(binding));
              return null;
            }
          }.scan(node.getPattern(), null);
        }
        return super.visitInstanceOf(node, unused);
      }
    }.scan(handler.getBlock(), null);

    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitThrow(ThrowTree node, Void unused) {
        found[0] |= mentions(node.getExpression(), caught, context);
        return super.visitThrow(node, unused);
      }
    }.scan(handler.getBlock(), null);
    return found[0];
  }

  private static boolean mentions(Tree tree, Set<Element> variables, CodeContext context) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void u) {
        found[0] |= variables.contains(context.elementOf(id));
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }
}
