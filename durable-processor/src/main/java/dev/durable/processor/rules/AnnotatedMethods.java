package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_STEP;
import static dev.durable.processor.DurableElements.WORKFLOW_METHOD;

import dev.durable.processor.DurableElements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The methods of a type that carry {@code @DurableStep} or {@code @WorkflowMethod}, with the
 * annotation to point at and the word messages use for them. Signature rules check both alike,
 * because the runtime stores the arguments and results of both as JSON.
 */
record AnnotatedMethods(ExecutableElement method, AnnotationMirror annotation, String kind) {

  static List<AnnotatedMethods> in(TypeElement type) {
    List<AnnotatedMethods> result = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<AnnotationMirror> step = DurableElements.annotation(method, DURABLE_STEP);
      Optional<AnnotationMirror> workflow = DurableElements.annotation(method, WORKFLOW_METHOD);
      if (step.isPresent()) {
        result.add(new AnnotatedMethods(method, step.get(), "Step"));
      } else if (workflow.isPresent()) {
        result.add(new AnnotatedMethods(method, workflow.get(), "Workflow method"));
      }
    }
    return result;
  }
}
