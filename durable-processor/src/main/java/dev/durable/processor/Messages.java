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

  public static final String MACHINE_DEFAULTS =
      "reads a default of the machine (time zone, locale, charset), which can differ on the"
          + " machine or JVM that replays the workflow after a crash. Fix: name the zone, locale or"
          + " charset explicitly (ZoneId.of(\"Europe/Paris\"), Locale.ROOT, UTF_8), pass it in"
          + " as a workflow argument, or read it in a @DurableStep.";

  public static final String MUTABLE_STATIC =
      "is a static field that code assigns: its value depends on what else ran in this JVM, so a"
          + " replay after a restart sees a different value. Fix: pass the value in as a workflow"
          + " argument, keep it in an instance field set by the constructor, or make it a constant"
          + " that nothing assigns.";

  public static final String MUTATED_STATIC_OBJECT =
      "is a static final collection, map or atomic that code changes (put, computeIfAbsent,"
          + " incrementAndGet...): its content depends on what else ran in this JVM, so a replay"
          + " after a restart sees a different value. Fix: keep the state in the workflow (a local"
          + " variable or an instance field), or compute it in a @DurableStep whose result is"
          + " recorded.";

  public static final String UNORDERED_ITERATION =
      "iterates a Set.of/Map.of-style collection, whose iteration order is randomized per JVM, so"
          + " a replay after a restart visits the elements in a different order. Fix: use List.of,"
          + " a LinkedHashSet/LinkedHashMap, or a TreeSet/TreeMap.";

  /** The explanation of a hash-order finding: {@code keyType} hashes by identity. */
  public static String hashOrderIteration(String keyType, String fix) {
    return "iterates a hash-based collection keyed by " + keyType + ", whose hash code is an"
        + " identity hash that differs in every JVM, so after a restart (or in another process)"
        + " the elements come in another order and replay takes another path. Fix: " + fix;
  }

  public static final String HASH_ORDER_FIX_ENUM =
      "use an EnumMap/EnumSet (declaration order), a TreeMap/TreeSet, or a"
          + " LinkedHashMap/LinkedHashSet filled in a deterministic order.";

  public static final String HASH_ORDER_FIX_IDENTITY =
      "use a LinkedHashMap/LinkedHashSet filled in a deterministic order or a TreeMap/TreeSet"
          + " with a Comparator, or give the key type equals() and hashCode() (a record of"
          + " values does).";

  public static final String HASH_ORDER_FIX_CONCURRENT =
      "parallel branches may write this collection, so an EnumMap (not thread-safe) or a"
          + " LinkedHashMap (filled in the branches' completion order) is no fix: use a"
          + " ConcurrentSkipListMap/ConcurrentSkipListSet, which is thread-safe and iterates in"
          + " key order, or iterate a sorted copy.";

  public static final String SWALLOWED_ENGINE_ERROR =
      "catches engine errors (DurableException and the Errors replay relies on) without rethrowing,"
          + " which hides a broken replay and lets the workflow continue on a wrong path. Fix: catch"
          + " the exception your step throws (a failed step or child workflow throws its own"
          + " exception type, on replay too, not a DurableException), or rethrow the caught"
          + " exception (throw e, or wrap it as a cause).";

  public static final String SWALLOWED_BRANCH_ERROR =
      "catches the wrapper of whatever ended a Durable.async branch without rethrowing; an engine"
          + " error raised in the branch (the history no longer matches, a lost lease) arrives"
          + " wrapped the same way, so the workflow would continue on a wrong path. Fix: handle"
          + " only your own exception and rethrow the rest: catch (CompletionException e) { if"
          + " (!(e.getCause() instanceof PaymentDeclinedException declined)) throw e; ... }.";

  public static final String BROAD_CATCH_AROUND_STEPS =
      "catches, without rethrowing, around code that runs steps, so it also catches the engine's"
          + " DurableException (the run no longer matches its history, a lost lease). The engine"
          + " still fails a run whose replay diverged, but the code after this catch must not"
          + " rely on continuing. Fix: catch the exceptions your steps throw, or put"
          + " catch (DurableException e) { throw e; } before this clause.";

  /** The explanation of an identity hash finding over {@code type}. */
  public static String identityHashCode(String type) {
    return "hashes " + type + " by identity, which gives a different number in every JVM, so a"
        + " decision or a step argument based on it differs after a restart. Fix: derive the"
        + " value from stable data, such as an enum's name() or ordinal(), or a record of"
        + " strings and numbers.";
  }

  public static final String BRANCH_RACE =
      "lets the first future to finish decide; on replay the branches return their recorded"
          + " results at once, so the winner is whichever replays first, not the one that won."
          + " Fix: join every branch (CompletableFuture.allOf(...).join()) and decide from their"
          + " recorded results, or make the race a @DurableStep so its outcome is recorded.";

  public static final String WORKFLOW_INSTANTIATION =
      "creates a @DurableWorkflow class with new; the object is not the engine's proxy, so the"
          + " steps it runs are not recorded and run again on every replay of this workflow."
          + " Fix: run the other workflow as a child, with its own id and history:"
          + " Durable.child(Other.class, Durable.workflowId() + \"-other\").run(...), or through the"
          + " engine from the code that starts this one. Shared logic that is not a workflow belongs"
          + " in a plain helper class.";

  public static final String WORKFLOW_API_IN_STEP =
      "is workflow API, recorded in the workflow's history; a step body has no history of its own"
          + " (its result is recorded once), so the call throws there. Fix: call it in workflow"
          + " code and pass the value to the step as an argument.";

  /**
   * The explanation of a wait, an event or a child in a step body: {@code does} says what the call
   * does ("starts a child workflow"), {@code it} names it again ("the child").
   */
  public static String orchestrationInStep(String does, String it) {
    return does + " inside a step body; a step body is not replayed, only its result is recorded,"
        + " so " + it + " would not be in the workflow's history, and a retry of the step would"
        + " repeat it (the runtime refuses the call there). Fix: move the call into the workflow"
        + " method; a step can return what the workflow needs to decide.";
  }

  public static final String NON_DETERMINISTIC_CHILD_ID =
      "builds the id of a child workflow (Durable.child), and the parent's history records the"
          + " child by that id: when the parent is replayed after a crash the id comes out"
          + " different, the parent no longer matches its history and cannot resume"
          + " (NonDeterministicWorkflowException), and the child it started is left behind. Fix:"
          + " derive the id from Durable.workflowId() and the workflow's arguments or step results,"
          + " as in Durable.workflowId() + \"-laptop\"; Durable.randomUUID() and Durable.now() are"
          + " recorded and also fine.";

  public static final String NON_DETERMINISTIC_EVENT_TARGET =
      "builds the id of the workflow Durable.sendEvent sends to, and the sender's history records"
          + " the send by that id: when the sender is replayed after a crash the id comes out"
          + " different, so it no longer matches its history and cannot resume"
          + " (NonDeterministicWorkflowException). Fix: derive the id from Durable.workflowId() and"
          + " the workflow's arguments or step results (the target's id as it was started);"
          + " Durable.randomUUID() and Durable.now() are recorded and also fine.";

  public static final String WORKFLOW_CALL_FROM_STEP =
      "calls a workflow method from a step body; the step's result is memoized, so the nested"
          + " workflow would silently not run again on replay, and its own steps are not recorded"
          + " in this workflow. Fix: call it from workflow code, as a child workflow"
          + " (Durable.child(...)) if it is another workflow, or start it through the engine.";

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
