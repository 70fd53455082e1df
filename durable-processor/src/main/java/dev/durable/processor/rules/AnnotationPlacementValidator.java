package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_STEP;
import static dev.durable.processor.DurableElements.WORKFLOW_METHOD;

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
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code DurableAnnotationPlacement}: {@code @DurableStep} and {@code @WorkflowMethod} only take
 * effect on methods of a {@code @DurableWorkflow} class or of an interface (which a workflow class
 * may implement; any interface is accepted because its implementors may live in another
 * compilation). Elsewhere nobody proxies the method, so the annotation silently does nothing. A
 * method cannot be both a step and a workflow method.
 */
final class AnnotationPlacementValidator implements DeclarationRule {
  static final String ID = "DurableAnnotationPlacement";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "@DurableStep/@WorkflowMethod outside a workflow class or interface, or both on one method";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    boolean proxied = type.getKind() == ElementKind.INTERFACE || model.isWorkflowClass(type);
    List<Finding> findings = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<AnnotationMirror> step = DurableElements.annotation(method, DURABLE_STEP);
      Optional<AnnotationMirror> workflow = DurableElements.annotation(method, WORKFLOW_METHOD);
      String name = type.getSimpleName() + "." + DurableElements.signature(method);
      if (step.isPresent() && workflow.isPresent()) {
        findings.add(
            Finding.onElement(
                this, Messages.bothStepAndWorkflowMethod(name), method, workflow.get()));
      }
      for (Optional<AnnotationMirror> annotation : List.of(step, workflow)) {
        if (annotation.isPresent() && !proxied) {
          String simpleName =
              annotation.get().getAnnotationType().asElement().getSimpleName().toString();
          findings.add(
              Finding.onElement(
                  this,
                  Messages.misplacedAnnotation(simpleName, name, type.getSimpleName().toString()),
                  method,
                  annotation.get()));
        }
      }
    }
    return findings;
  }
}
