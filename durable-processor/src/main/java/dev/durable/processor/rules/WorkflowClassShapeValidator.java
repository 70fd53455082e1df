package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_WORKFLOW;

import dev.durable.processor.DeclarationRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Finding;
import dev.durable.processor.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code DurableWorkflowClassShape}: a {@code @DurableWorkflow} type must be something the runtime
 * can subclass and instantiate: a class (not an interface, enum or record) that is not final, not
 * private, top-level or static nested, with at least one non-private constructor.
 */
final class WorkflowClassShapeValidator implements DeclarationRule {
  static final String ID = "DurableWorkflowClassShape";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "@DurableWorkflow types that are final, inner, private, not classes or without a non-private constructor";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    Optional<AnnotationMirror> annotation = DurableElements.annotation(type, DURABLE_WORKFLOW);
    if (annotation.isEmpty()) {
      return List.of();
    }
    String name = type.getSimpleName().toString();
    List<Finding> findings = new ArrayList<>();
    if (type.getKind() != ElementKind.CLASS) {
      findings.add(problem(type, annotation.get(), name, "is " + kindName(type.getKind()),
          "declare the workflow as a plain, non-final class"));
      return findings;
    }
    if (type.getModifiers().contains(Modifier.FINAL)) {
      findings.add(problem(type, annotation.get(), name, "is final", "remove the final modifier"));
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      findings.add(problem(type, annotation.get(), name, "is private", "make it package-private or public"));
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      findings.add(problem(type, annotation.get(), name,
          "is an inner class, which needs an enclosing instance to be created",
          "declare it static, or move it to its own file"));
    }
    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      findings.add(problem(type, annotation.get(), name, "is a local class",
          "move it to its own file, or make it a static nested class"));
    }
    // A private class's implicit constructor is private too; "is private" already says it all.
    if (!type.getModifiers().contains(Modifier.PRIVATE) && !hasNonPrivateConstructor(type)) {
      findings.add(problem(type, annotation.get(), name, "has only private constructors",
          "make a constructor package-private, protected or public"));
    }
    return findings;
  }

  private static String kindName(ElementKind kind) {
    switch (kind) {
      case INTERFACE:
        return "an interface";
      case ENUM:
        return "an enum";
      case RECORD:
        return "a record (records are final)";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return "not a class";
    }
  }

  private static boolean hasNonPrivateConstructor(TypeElement type) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  private Finding problem(
      TypeElement type, AnnotationMirror annotation, String name, String problem, String fix) {
    return Finding.onElement(this, Messages.workflowClassShape(name, problem, fix), type, annotation);
  }
}
