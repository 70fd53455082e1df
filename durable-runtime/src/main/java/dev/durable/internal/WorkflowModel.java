package dev.durable.internal;

import dev.durable.WorkflowDefinitionException;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the engine knows about a workflow class: its durable name, its workflow methods and its steps
 * (declared on the class or on an interface it implements), checked against what a subclass proxy
 * can intercept. The checks mirror the processor's declaration-shape rules, so code compiled without
 * the processor fails here, at the first {@code engine.workflow(...)}, with the same advice.
 */
final class WorkflowModel {
  private final Class<?> type;
  private final String name;
  private final Map<String, StepModel> stepsBySignature;
  private final Map<String, WorkflowMethodModel> workflowMethodsBySignature;
  private final Map<Method, Optional<StepModel>> stepsByMethod = new java.util.concurrent.ConcurrentHashMap<>();

  private WorkflowModel(Class<?> type, String name, Map<String, StepModel> steps, Map<String, WorkflowMethodModel> methods) {
    this.type = type;
    this.name = name;
    this.stepsBySignature = steps;
    this.workflowMethodsBySignature = methods;
  }

  static WorkflowModel of(Class<?> type, JsonCodec codec) {
    List<String> problems = new ArrayList<>();
    int modifiers = type.getModifiers();
    if (type.isInterface() || type.isEnum() || type.isRecord() || type.isArray() || type.isPrimitive()) {
      throw new WorkflowDefinitionException(type.getName() + " cannot be a workflow: only a class can. Fix: put"
          + " @WorkflowMethod on a non-final class (its steps may be declared on this interface).");
    }
    if (Modifier.isFinal(modifiers)) {
      problems.add("the class is final, so the engine cannot subclass it to intercept its steps. Fix: remove 'final'.");
    }
    if (Modifier.isAbstract(modifiers)) {
      problems.add("the class is abstract. Fix: pass the concrete workflow class.");
    }
    if (type.isMemberClass() && !Modifier.isStatic(modifiers)) {
      problems.add("it is an inner (non-static nested) class, which needs an enclosing instance. Fix: make it static.");
    }
    if (type.isAnonymousClass() || type.isLocalClass()) {
      problems.add("it is an anonymous or local class. Fix: declare it as a top-level or static nested class.");
    }
    if (Modifier.isPrivate(modifiers)) {
      problems.add("it is private. Fix: make it at least package-private.");
    }

    Map<String, StepModel> steps = new LinkedHashMap<>();
    Map<String, WorkflowMethodModel> workflowMethods = new LinkedHashMap<>();
    Map<String, String> stepNames = new HashMap<>();
    for (Method m : overridableMethods(type, problems)) {
      String signature = signature(m);
      Optional<DurableStep> step = annotation(type, m, DurableStep.class);
      boolean workflow = annotation(type, m, WorkflowMethod.class).isPresent();
      if (step.isPresent() && workflow) {
        problems.add(signature + " is both a @DurableStep and a @WorkflowMethod. Fix: keep one; a workflow"
            + " method orchestrates steps, a step performs one side effect.");
        continue;
      }
      if (step.isPresent()) {
        String stepName = step.get().name().isEmpty() ? m.getName() : step.get().name();
        String previous = stepNames.putIfAbsent(stepName, signature);
        if (previous != null) {
          problems.add("step name '" + stepName + "' is used by both " + previous + " and " + signature
              + "; replay finds steps by name. Fix: give one of them @DurableStep(name = \"...\").");
        }
        steps.put(signature, new StepModel(stepName, m, codec.type(m.getGenericReturnType()), RetryPolicy.of(step.get())));
      } else if (workflow) {
        JavaType[] params = new JavaType[m.getParameterCount()];
        for (int i = 0; i < params.length; i++) {
          params[i] = codec.type(m.getGenericParameterTypes()[i]);
        }
        workflowMethods.put(signature, new WorkflowMethodModel(signature, m, params, codec.type(m.getGenericReturnType())));
      }
    }
    if (workflowMethods.isEmpty()) {
      problems.add("it has no @WorkflowMethod. Fix: annotate the method that runs the workflow.");
    }
    if (!problems.isEmpty()) {
      throw new WorkflowDefinitionException("Workflow class " + type.getName() + " cannot be run durably: "
          + String.join(" Also, ", problems));
    }
    DurableWorkflow annotation = type.getAnnotation(DurableWorkflow.class);
    String name = annotation == null || annotation.name().isEmpty() ? type.getName() : annotation.name();
    return new WorkflowModel(type, name, steps, workflowMethods);
  }

  /**
   * The methods a subclass could override, most specific declaration first, and a problem for each
   * annotated method that it could not (private, static, final, or package-private elsewhere).
   */
  private static List<Method> overridableMethods(Class<?> type, List<String> problems) {
    Map<String, Method> bySignature = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isSynthetic() || m.isBridge()) {
          continue;
        }
        boolean annotated = m.isAnnotationPresent(DurableStep.class) || m.isAnnotationPresent(WorkflowMethod.class);
        int mod = m.getModifiers();
        String why = Modifier.isPrivate(mod) ? "private" : Modifier.isStatic(mod) ? "static" : Modifier.isFinal(mod) ? "final"
            : !Modifier.isPublic(mod) && !Modifier.isProtected(mod) && !c.getPackageName().equals(type.getPackageName())
                ? "package-private in another package" : null;
        if (why != null) {
          if (annotated) {
            problems.add(signature(m) + " is " + why + ", so the engine's proxy cannot intercept it and it would"
                + " run again on every replay. Fix: make it overridable (protected or public, not static or final).");
          }
          continue;
        }
        bySignature.putIfAbsent(signature(m), m);
      }
    }
    return new ArrayList<>(bySignature.values());
  }

  /** The annotation on the method, or on a method it overrides or implements in any supertype. */
  private static <A extends java.lang.annotation.Annotation> Optional<A> annotation(Class<?> type, Method m, Class<A> kind) {
    String signature = signature(m);
    Deque<Class<?>> todo = new ArrayDeque<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (!seen.add(c)) {
        continue;
      }
      for (Method candidate : c.getDeclaredMethods()) {
        if (candidate.isAnnotationPresent(kind) && signature(candidate).equals(signature)
            && !Modifier.isPrivate(candidate.getModifiers()) && !Modifier.isStatic(candidate.getModifiers())) {
          return Optional.of(candidate.getAnnotation(kind));
        }
      }
      if (c.getSuperclass() != null) {
        todo.add(c.getSuperclass());
      }
      todo.addAll(List.of(c.getInterfaces()));
    }
    return Optional.empty();
  }

  static String signature(Method m) {
    return m.getName() + "(" + java.util.Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
        .collect(Collectors.joining(",")) + ")";
  }

  Class<?> type() {
    return type;
  }

  String name() {
    return name;
  }

  /** Whether the proxy must intercept the method with this signature. */
  boolean intercepts(String signature) {
    return stepsBySignature.containsKey(signature) || workflowMethodsBySignature.containsKey(signature);
  }

  /** The step a proxied method is, if it is one; cached because it is asked on every call. */
  Optional<StepModel> stepFor(Method method) {
    Optional<StepModel> step = stepsByMethod.get(method);
    if (step == null) {
      step = Optional.ofNullable(stepsBySignature.get(signature(method)));
      stepsByMethod.put(method, step);
    }
    return step;
  }

  StepModel step(String signature) {
    return stepsBySignature.get(signature);
  }

  /** The workflow methods, in declaration order. */
  java.util.List<WorkflowMethodModel> workflowMethods() {
    return java.util.List.copyOf(workflowMethodsBySignature.values());
  }

  WorkflowMethodModel workflowMethod(String signature) {
    return workflowMethodsBySignature.get(signature);
  }

}
