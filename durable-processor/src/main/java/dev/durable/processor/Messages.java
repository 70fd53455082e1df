package dev.durable.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * Every text the processor prints, in one place so the wording stays consistent. A message reads
 * {@code [RuleId] what is wrong and where. Why it breaks replay. Fix: the concrete replacement.}
 * Tests assert on the id and a distinctive fragment, never on a whole sentence.
 */
public final class Messages {
  private Messages() {}

  // ---- Code rules: the explanation that follows "<subject> in <where>" ----

  public static final String WALL_CLOCK =
      "reads the wall clock, which returns a different value when the workflow is replayed after a"
          + " crash. Fix: use Durable.now(), which is recorded on the first run and replayed"
          + " afterwards.";

  public static final String RANDOM_UUID =
      "returns a different UUID when the workflow is replayed after a crash. Fix: use"
          + " Durable.randomUUID(), which is recorded on the first run and replayed afterwards.";

  public static final String RANDOM =
      "returns different numbers when the workflow is replayed after a crash. Fix: draw the value"
          + " in a @DurableStep method (its result is recorded), derive it from Durable.randomUUID(),"
          + " or use new Random(seed) with a seed passed in as a workflow argument.";

  public static final String THREADS =
      "runs work on a thread the engine does not know about, so its steps are not ordered"
          + " deterministically and a crash loses them. Fix: use Durable.async(() -> ...), which"
          + " gives each branch a stable position in the workflow history.";

  public static final String BLOCKING =
      "waits on real time or on another thread, which replay cannot reproduce. Fix: make the wait"
          + " a @DurableStep, or join a Durable.async(...) future.";

  public static final String IO =
      "does I/O or reads the environment, which runs again and may see different data when the"
          + " workflow is replayed after a crash. Fix: move it into a @DurableStep method, whose"
          + " result is recorded.";

  public static final String MUTABLE_STATIC =
      "is a non-final static field: its value depends on what else ran in this JVM, so a replay"
          + " after a restart sees a different value. Fix: pass the value in as a workflow argument,"
          + " keep it in an instance field set by the constructor, or make the field final.";

  public static final String UNORDERED_ITERATION =
      "iterates a Set.of/Map.of-style collection, whose iteration order is randomized per JVM, so"
          + " a replay after a restart visits the elements in a different order. Fix: use List.of,"
          + " a LinkedHashSet/LinkedHashMap, or a TreeSet/TreeMap.";

  public static final String HASH_ORDER_ITERATION =
      "iterates a hash-based collection whose key type has no stable hash code (identity hash,"
          + " enum or unknown type), so the order can differ after a restart. Fix: use a"
          + " LinkedHashSet/LinkedHashMap, an EnumSet/EnumMap, or a TreeSet/TreeMap.";

  public static final String SWALLOWED_ENGINE_ERROR =
      "catches engine errors (DurableException and the Errors replay relies on) without rethrowing,"
          + " which hides a broken replay and lets the workflow continue on a wrong path. Fix: catch"
          + " a narrower type, such as StepFailedException or your own exception, or rethrow the"
          + " caught exception (throw e, or wrap it as a cause).";

  public static final String WORKFLOW_CALL_FROM_STEP =
      "calls a workflow method from a step body; the step's result is memoized, so the nested"
          + " workflow would silently not run again on replay, and its own steps are not recorded"
          + " in this workflow. Fix: call it from workflow code, or start it as its own workflow"
          + " through the engine.";

  /**
   * The full message of a code finding.
   *
   * @param chain the methods from the root (a workflow method or a step) to the one holding the
   *     violation, as labels such as {@code run()}; one element when the violation is in the root
   */
  public static String code(
      String ruleId, String subject, String rootKind, List<String> chain, String explanation) {
    String where =
        chain.size() == 1
            ? "in " + rootKind + " " + chain.get(0)
            : "in code called from " + rootKind + " " + chain.get(0) + " ("
                + String.join(" -> ", chain) + " -> " + subject + ")";
    return "[" + ruleId + "] " + subject + " " + where + " " + explanation;
  }

  // ---- Declaration rules ----

  public static String stepModifier(String step, String modifier, String fix) {
    return "[DurableStepMethodShape] Step " + step + " is " + modifier + ", so the runtime's subclass"
        + " proxy cannot intercept it: its result is never recorded and it runs again on every"
        + " replay. Fix: " + fix + ".";
  }

  public static String workflowClassShape(String workflow, String problem, String fix) {
    return "[DurableWorkflowClassShape] Workflow class " + workflow + " " + problem + ", so the"
        + " runtime cannot create the subclass proxy that records its steps. Fix: " + fix + ".";
  }

  public static String misplacedAnnotation(String annotation, String method, String owner) {
    return "[DurableAnnotationPlacement] @" + annotation + " on " + method + " has no effect: "
        + owner + " is neither a @DurableWorkflow class nor an interface, and only those are"
        + " proxied, so calls are not recorded and run again on replay. Fix: move the method into"
        + " the @DurableWorkflow class or an interface it implements, or annotate " + owner
        + " with @DurableWorkflow.";
  }

  public static String bothStepAndWorkflowMethod(String method) {
    return "[DurableAnnotationPlacement] " + method + " is both a @DurableStep and a"
        + " @WorkflowMethod: a step's body runs once and is memoized, a workflow method's body is"
        + " replayed, and one method cannot be both. Fix: keep one annotation; to reuse the logic,"
        + " have the workflow method call a separate step.";
  }

  public static String stepNameCollision(
      String name, String step, String other, String workflow) {
    return "[DurableStepNameCollision] Step name \"" + name + "\" of " + step + " is also used by "
        + other + " in workflow " + workflow + "; the history identifies steps by name, so replay"
        + " could return one step's recorded result to the other. Fix: give one of them a"
        + " distinct @DurableStep(name = \"...\").";
  }

  public static String typeVariableInSignature(String kind, String method, String variable) {
    return "[DurableNoTypeVariables] " + kind + " " + method + " mentions the type variable "
        + variable + "; erasure leaves only its bound at run time, so a recorded value cannot be"
        + " read back as the right type on replay. Fix: use concrete types in the signature.";
  }

  public static String genericWorkflowClass(String workflow) {
    return "[DurableNoTypeVariables] Workflow class " + workflow + " declares type parameters;"
        + " erasure leaves only their bounds at run time, so recorded values cannot be read back"
        + " as the right types on replay. Fix: remove the type parameters and use concrete types"
        + " in the step and workflow method signatures.";
  }

  public static String unstorableType(String what, String method, String type, String reason) {
    return "[DurableStorableTypes] " + what + " of " + method + " has type " + type + ", which "
        + reason + ", so it cannot be recorded as JSON and replayed. Fix: pass or return plain"
        + " data instead (a record, a String, a List of records, a byte[]).";
  }

  // ---- Processor ----

  public static String internalError(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return "[Durable] internal processor error; please report it with this stack trace: " + trace;
  }

  public static final String NO_TREE_API =
      "[Durable] this compiler does not offer javac's com.sun.source Tree API, so the determinism"
          + " checks of workflow code were skipped (declaration checks still ran). Compile with"
          + " javac to run them.";
}
