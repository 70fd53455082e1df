package dev.durable.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The one place that decides whether {@code @SuppressWarnings("<RuleId>")} silences a finding, so
 * no rule has to know about suppression. A finding is suppressed when the id is named on any element
 * of its scope or on anything enclosing one of them (the method, its classes). {@code "all"} does
 * not count: it is usually there for javac's lint warnings, and replay bugs deserve a deliberate,
 * per-rule opt-out.
 */
public final class Suppressions {
  private Suppressions() {}

  public static boolean isSuppressed(String ruleId, List<Element> scope) {
    for (Element element : scope) {
      for (Element e = element; e != null; e = e.getEnclosingElement()) {
        if (suppresses(e, ruleId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean suppresses(Element element, String ruleId) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (!type.getQualifiedName().contentEquals("java.lang.SuppressWarnings")) {
        continue;
      }
      for (var entry : mirror.getElementValues().entrySet()) {
        if (names(entry.getKey(), entry.getValue(), ruleId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean names(ExecutableElement member, AnnotationValue value, String ruleId) {
    if (!member.getSimpleName().contentEquals("value")) {
      return false;
    }
    Object raw = value.getValue();
    if (raw instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof AnnotationValue v && ruleId.equals(v.getValue())) {
          return true;
        }
      }
      return false;
    }
    return ruleId.equals(raw);
  }
}
