package dev.durable.processor.rules;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import java.util.Set;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoBroadCatchAroundSteps} (warning): {@code catch (Exception e)} or {@code catch
 * (RuntimeException e)} without a rethrow, around code that reaches a step (see {@link StepReach}).
 * It also catches the engine's {@code DurableException}s. Only a warning: the runtime still fails a
 * run whose replay diverged, but the code after the catch must not rely on continuing. An earlier
 * clause of the same {@code try} that rethrows {@code DurableException} settles it.
 */
final class NoBroadCatchAroundStepsRule implements CodeRule {
  static final String ID = "DurableNoBroadCatchAroundSteps";

  private static final Set<String> BROAD =
      Set.of("java.lang.Exception", "java.lang.RuntimeException");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "catch (Exception e) without a rethrow around code that runs steps";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.WARNING;
  }

  @Override
  public Optional<Violation> onCatch(CatchTree handler, CodeContext context) {
    if (!(context.currentPath().getParentPath().getLeaf() instanceof TryTree statement)) {
      return Optional.empty();
    }
    for (Tree alternative : Rethrows.caughtTypes(handler)) {
      String caught = Rethrows.qualifiedName(context.typeOf(alternative));
      if (BROAD.contains(caught)
          && !Rethrows.rethrows(handler, context)
          && !engineErrorsRethrownBefore(statement, handler, context)
          && StepReach.reachesEngine(statement.getBlock(), context)) {
        return Optional.of(
            new Violation(
                alternative,
                "catch (" + Rethrows.simpleName(caught) + ")",
                Messages.BROAD_CATCH_AROUND_STEPS));
      }
    }
    return Optional.empty();
  }

  private static boolean engineErrorsRethrownBefore(
      TryTree statement, CatchTree handler, CodeContext context) {
    for (CatchTree earlier : statement.getCatches()) {
      if (earlier == handler) {
        return false;
      }
      for (Tree alternative : Rethrows.caughtTypes(earlier)) {
        if (Rethrows.qualifiedName(context.typeOf(alternative))
                .equals("dev.durable.DurableException")
            && Rethrows.rethrows(earlier, context)) {
          return true;
        }
      }
    }
    return false;
  }
}
