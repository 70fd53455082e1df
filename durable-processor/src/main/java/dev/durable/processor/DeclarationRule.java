package dev.durable.processor;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A rule about how workflow classes and their annotated methods are declared, so that the runtime's
 * subclass proxy can intercept exactly what the annotations promise. It sees elements, not code.
 */
public interface DeclarationRule extends Rule {
  /**
   * Checks {@code type}: a class annotated {@code @DurableWorkflow}, or any type that declares a
   * method annotated {@code @DurableStep} or {@code @WorkflowMethod}. Pure: returns its findings.
   */
  List<Finding> check(TypeElement type, DurableElements model);
}
