package dev.durable.processor.rules;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoIdentityHashCode}: using a hash code that is an identity hash, so different in
 * every JVM: {@code hashCode()} on an enum, on a class keeping {@code Object.hashCode()} or on a
 * record with such a component, and {@code Objects.hash(...)}, {@code Objects.hashCode(...)} or
 * {@code Arrays.hashCode(...)} over one (see {@link HashStability}). Code inside a {@code
 * hashCode()} implementation is left alone: it only matters where the hash orders something, which
 * the iteration rules check.
 */
final class NoIdentityHashCodeRule implements CodeRule {
  static final String ID = "DurableNoIdentityHashCode";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "hashCode() or Objects.hash(...) over enums and identity-hashed objects";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    if (!(call instanceof MethodInvocationTree invocation)
        || !(callee.getEnclosingElement() instanceof TypeElement owner)
        || insideHashCode(context.currentPath())) {
      return Optional.empty();
    }
    String name = callee.getSimpleName().toString();
    String ownerName = owner.getQualifiedName().toString();
    List<? extends ExpressionTree> hashed;
    if (name.equals("hashCode") && callee.getParameters().isEmpty()) {
      if (!(invocation.getMethodSelect() instanceof MemberSelectTree select)) {
        return Optional.empty();
      }
      hashed = List.of(select.getExpression());
    } else if ((ownerName.equals("java.util.Objects")
            && (name.equals("hash") || name.equals("hashCode")))
        || (ownerName.equals("java.util.Arrays") && name.equals("hashCode"))) {
      hashed = invocation.getArguments();
    } else {
      return Optional.empty();
    }
    for (ExpressionTree value : hashed) {
      TypeMirror type = context.typeOf(value);
      if (ownerName.equals("java.util.Arrays") && type instanceof ArrayType array) {
        type = array.getComponentType(); // Arrays.hashCode hashes the elements
      }
      if (HashStability.of(type, context) == HashStability.IDENTITY) {
        return Optional.of(
            new Violation(
                call,
                CodeContext.describeCall(call, callee),
                Messages.identityHashCode(DurableElements.simpleName(type))));
      }
    }
    return Optional.empty();
  }

  private static boolean insideHashCode(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree method) {
        return method.getName().contentEquals("hashCode") && method.getParameters().isEmpty();
      }
    }
    return false;
  }
}
