package dev.durable.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the durable annotations mean on elements: which methods are steps or workflow methods
 * (directly or by overriding an annotated interface method, as the runtime proxy sees them) and
 * what a step is called. Annotations are read as mirrors by name, so the processor does not depend
 * on the annotation classes being loadable in the user's compiler.
 */
public final class DurableElements {
  public static final String DURABLE_WORKFLOW = "dev.durable.annotations.DurableWorkflow";
  public static final String WORKFLOW_METHOD = "dev.durable.annotations.WorkflowMethod";
  public static final String DURABLE_STEP = "dev.durable.annotations.DurableStep";

  private final Elements elements;
  private final Types types;
  private final Map<ExecutableElement, Boolean> stepCache = new HashMap<>();
  private final Map<ExecutableElement, Boolean> workflowMethodCache = new HashMap<>();

  public DurableElements(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  public Elements elements() {
    return elements;
  }

  public Types types() {
    return types;
  }

  /** The annotation named {@code annotationName} directly present on {@code element}. */
  public static Optional<AnnotationMirror> annotation(Element element, String annotationName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  public static boolean hasAnnotation(Element element, String annotationName) {
    return annotation(element, annotationName).isPresent();
  }

  /** The explicit string member {@code name} of {@code mirror}, or empty when it is not set. */
  public static String stringValue(AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return String.valueOf(entry.getValue().getValue());
      }
    }
    return "";
  }

  public boolean isWorkflowClass(Element element) {
    return element instanceof TypeElement && hasAnnotation(element, DURABLE_WORKFLOW);
  }

  /**
   * Whether calls to {@code method} are recorded as a step: it is annotated, or it overrides an
   * annotated method of a supertype (the usual shape: steps declared on an interface and
   * implemented by the workflow class).
   */
  public boolean isStep(ExecutableElement method) {
    return stepCache.computeIfAbsent(method, m -> !annotatedDeclarations(m, DURABLE_STEP).isEmpty());
  }

  /** Whether {@code method} is a workflow entry point, directly or by overriding one. */
  public boolean isWorkflowMethod(ExecutableElement method) {
    return workflowMethodCache.computeIfAbsent(
        method, m -> !annotatedDeclarations(m, WORKFLOW_METHOD).isEmpty());
  }

  /**
   * The declarations of {@code method} carrying {@code annotationName}: the method itself and every
   * supertype method it overrides, nearest first.
   */
  public List<ExecutableElement> annotatedDeclarations(
      ExecutableElement method, String annotationName) {
    List<ExecutableElement> found = new ArrayList<>();
    if (hasAnnotation(method, annotationName)) {
      found.add(method);
    }
    if (method.getKind() != ElementKind.METHOD
        || !(method.getEnclosingElement() instanceof TypeElement)) {
      return found;
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    for (TypeElement supertype : supertypes(owner)) {
      for (ExecutableElement candidate : ElementFilter.methodsIn(supertype.getEnclosedElements())) {
        if (candidate.getSimpleName().equals(method.getSimpleName())
            && hasAnnotation(candidate, annotationName)
            && elements.overrides(method, candidate, owner)) {
          found.add(candidate);
        }
      }
    }
    return found;
  }

  /** The step's durable name: {@code @DurableStep(name)} if set, else the method name. */
  public static String stepName(ExecutableElement annotatedStep) {
    return annotation(annotatedStep, DURABLE_STEP)
        .map(mirror -> stringValue(mirror, "name"))
        .filter(name -> !name.isEmpty())
        .orElse(annotatedStep.getSimpleName().toString());
  }

  /** The durable name of a workflow: {@code @DurableWorkflow(name)} if set, else the binary name. */
  public String workflowName(TypeElement workflow) {
    return annotation(workflow, DURABLE_WORKFLOW)
        .map(mirror -> stringValue(mirror, "name"))
        .filter(name -> !name.isEmpty())
        .orElse(elements.getBinaryName(workflow).toString());
  }

  /** Methods declared in {@code workflow} that are workflow methods, in source order. */
  public List<ExecutableElement> workflowMethods(TypeElement workflow) {
    List<ExecutableElement> result = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(workflow.getEnclosedElements())) {
      if (isWorkflowMethod(method)) {
        result.add(method);
      }
    }
    return result;
  }

  /**
   * Every {@code @DurableStep} declaration a workflow's proxy intercepts: annotated methods of the
   * class, its superclasses and all interfaces, once per overridden method (the nearest annotated
   * declaration, because that is the one whose name the runtime records).
   */
  public List<ExecutableElement> steps(TypeElement workflow) {
    List<ExecutableElement> steps = new ArrayList<>();
    List<TypeElement> hierarchy = new ArrayList<>();
    hierarchy.add(workflow);
    hierarchy.addAll(supertypes(workflow));
    for (TypeElement type : hierarchy) {
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (hasAnnotation(method, DURABLE_STEP) && !overriddenByAny(method, steps, workflow)) {
          steps.add(method);
        }
      }
    }
    return steps;
  }

  private boolean overriddenByAny(
      ExecutableElement method, List<ExecutableElement> nearer, TypeElement workflow) {
    for (ExecutableElement candidate : nearer) {
      if (candidate.getSimpleName().equals(method.getSimpleName())
          && elements.overrides(candidate, method, workflow)) {
        return true;
      }
    }
    return false;
  }

  /** A method as messages show it: {@code createRecord(NewHire)}, with simple type names. */
  public static String signature(ExecutableElement method) {
    StringBuilder text = new StringBuilder(method.getSimpleName()).append('(');
    String separator = "";
    for (var parameter : method.getParameters()) {
      text.append(separator).append(simpleName(parameter.asType()));
      separator = ", ";
    }
    return text.append(')').toString();
  }

  /** A type as messages show it: simple names, type arguments kept. */
  public static String simpleName(TypeMirror type) {
    return type.toString().replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+(?=[A-Za-z_$])", "");
  }

  /** All proper supertypes of {@code type} (superclasses and interfaces), breadth first, once each. */
  public Set<TypeElement> supertypes(TypeElement type) {
    Set<TypeElement> seen = new LinkedHashSet<>();
    Deque<TypeMirror> queue = new ArrayDeque<>(types.directSupertypes(type.asType()));
    while (!queue.isEmpty()) {
      TypeMirror next = queue.removeFirst();
      if (next.getKind() == TypeKind.DECLARED) {
        TypeElement element = (TypeElement) ((DeclaredType) next).asElement();
        if (seen.add(element)) {
          queue.addAll(types.directSupertypes(next));
        }
      }
    }
    return seen;
  }
}
