package dev.durable.processor.rules;

import dev.durable.processor.CodeRule;
import dev.durable.processor.DeclarationRule;
import dev.durable.processor.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of every rule, in the order their documentation lists them. Adding a rule means a
 * class here, a test class, a {@code docs/rules/<Id>.md} page and a line in the table of
 * {@code docs/rules/README.md}.
 */
public final class RuleSet {
  private RuleSet() {}

  public static List<DeclarationRule> declarationRules() {
    return List.of(
        new WorkflowClassShapeValidator(),
        new StepMethodShapeValidator(),
        new AnnotationPlacementValidator(),
        new StepNameCollisionValidator(),
        new NoTypeVariablesValidator(),
        new StorableTypesValidator());
  }

  public static List<CodeRule> codeRules() {
    return List.of(
        new NoWallClockRule(),
        new NoRandomRule(),
        new NoThreadsRule(),
        new NoIoRule(),
        new NoMutableStaticsRule(),
        new NoUnorderedIterationRule(),
        new NoHashOrderIterationRule(),
        new NoIdentityHashCodeRule(),
        new NoBranchRaceRule(),
        new NoWorkflowInstantiationRule(),
        new NoSwallowedEngineErrorsRule(),
        new NoBroadCatchAroundStepsRule(),
        new NoWorkflowCallFromStepRule(),
        new NoWorkflowApiInStepRule(),
        new NoOrchestrationInStepRule());
  }

  public static List<Rule> all() {
    List<Rule> all = new ArrayList<>(declarationRules());
    all.addAll(codeRules());
    return all;
  }
}
