package dev.durable.processor.rules;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Map;
import java.util.Optional;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoSwallowedEngineErrors}: a catch in workflow code that never rethrows (see {@link
 * Rethrows}) what it caught, when what it catches carries the engine's errors: {@code Throwable},
 * {@code Error} or {@code DurableException}, and {@code CompletionException} or {@code
 * ExecutionException}, which wrap whatever ended a {@code Durable.async} branch, engine errors
 * included. {@code Exception} and {@code RuntimeException} are {@link
 * NoBroadCatchAroundStepsRule}'s (a warning); narrower catches are how workflows handle their own
 * failures and are not flagged.
 */
final class NoSwallowedEngineErrorsRule implements CodeRule {
  static final String ID = "DurableNoSwallowedEngineErrors";

  private static final Map<String, String> ENGINE_ERROR_CARRIERS =
      Map.of(
          "java.lang.Throwable", Messages.SWALLOWED_ENGINE_ERROR,
          "java.lang.Error", Messages.SWALLOWED_ENGINE_ERROR,
          "dev.durable.DurableException", Messages.SWALLOWED_ENGINE_ERROR,
          "java.util.concurrent.CompletionException", Messages.SWALLOWED_BRANCH_ERROR,
          "java.util.concurrent.ExecutionException", Messages.SWALLOWED_BRANCH_ERROR);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Catching Throwable, Error, DurableException, CompletionException or ExecutionException"
        + " in workflow code without rethrowing";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onCatch(CatchTree handler, CodeContext context) {
    for (Tree alternative : Rethrows.caughtTypes(handler)) {
      String caught = Rethrows.qualifiedName(context.typeOf(alternative));
      String explanation = ENGINE_ERROR_CARRIERS.get(caught);
      if (explanation != null && !Rethrows.rethrows(handler, context)) {
        return Optional.of(
            new Violation(alternative, "catch (" + Rethrows.simpleName(caught) + ")", explanation));
      }
    }
    return Optional.empty();
  }
}
