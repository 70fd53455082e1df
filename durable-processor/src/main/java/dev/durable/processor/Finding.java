package dev.durable.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One diagnostic, ready to print: which rule, the complete message, where to put it, and the
 * elements whose {@code @SuppressWarnings} may silence it.
 */
public record Finding(
    String ruleId,
    Diagnostic.Kind kind,
    String message,
    Location location,
    List<Element> suppressionScope) {

  /** Where javac should point. */
  public sealed interface Location permits AtTree, AtElement {}

  /** A node of method code: javac points at the node's preferred position. */
  public record AtTree(Tree tree, CompilationUnitTree unit) implements Location {}

  /** A declaration, optionally at one of its annotations (null when there is none to point at). */
  public record AtElement(Element element, AnnotationMirror annotation) implements Location {}

  /** A declaration-shape finding, suppressible on the element and everything enclosing it. */
  public static Finding onElement(
      Rule rule, String message, Element element, AnnotationMirror annotation) {
    return new Finding(
        rule.id(),
        rule.severity(),
        message,
        new AtElement(element, annotation),
        List.of(element));
  }
}
