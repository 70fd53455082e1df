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
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoSwallowedEngineErrors}: a catch of {@code Throwable}, {@code Error} or
 * {@code DurableException} in workflow code whose block never rethrows the caught exception.
 * "Rethrows" means a {@code throw} whose expression mentions the caught variable (or a pattern
 * variable bound from it): {@code throw e}, {@code throw new X(e)}, {@code throw wrap(e)}. Narrower
 * catches, including {@code Exception} and subclasses of {@code DurableException} such as
 * {@code StepFailedException}, are how workflows handle step failures and are not flagged.
 */
final class NoSwallowedEngineErrorsRule implements CodeRule {
  static final String ID = "DurableNoSwallowedEngineErrors";

  private static final List<String> ENGINE_ERROR_CARRIERS =
      List.of("java.lang.Throwable", "java.lang.Error", "dev.durable.DurableException");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Catching Throwable, Error or DurableException in workflow code without rethrowing";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onCatch(CatchTree handler, CodeContext context) {
    VariableTree parameter = handler.getParameter();
    Tree typeTree = parameter.getType();
    List<? extends Tree> alternatives =
        typeTree instanceof UnionTypeTree union ? union.getTypeAlternatives() : List.of(typeTree);
    for (Tree alternative : alternatives) {
      String caught = qualifiedName(context.typeOf(alternative));
      if (ENGINE_ERROR_CARRIERS.contains(caught) && !rethrows(handler, context)) {
        String simple = caught.substring(caught.lastIndexOf('.') + 1);
        return Optional.of(
            new Violation(
                alternative, "catch (" + simple + ")", Messages.SWALLOWED_ENGINE_ERROR));
      }
    }
    return Optional.empty();
  }

  private static String qualifiedName(TypeMirror type) {
    return type instanceof DeclaredType declared
        ? ((TypeElement) declared.asElement()).getQualifiedName().toString()
        : "";
  }

  private static boolean rethrows(CatchTree handler, CodeContext context) {
    Set<Element> caught = new HashSet<>();
    caught.add(context.elementOf(handler.getParameter()));
    // Pattern variables bound from the caught exception (if (e instanceof X x) throw x;) are
    // aliases; they are collected first, in source order, before throws are inspected.
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitInstanceOf(InstanceOfTree node, Void unused) {
        if (node.getExpression() instanceof IdentifierTree id
            && caught.contains(context.elementOf(id))
            && node.getPattern() != null) {
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
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitIdentifier(IdentifierTree id, Void u) {
            if (caught.contains(context.elementOf(id))) {
              found[0] = true;
            }
            return null;
          }
        }.scan(node.getExpression(), null);
        return super.visitThrow(node, unused);
      }
    }.scan(handler.getBlock(), null);
    return found[0];
  }
}
