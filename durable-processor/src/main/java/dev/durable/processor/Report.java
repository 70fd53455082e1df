package dev.durable.processor;

import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Collects the findings of one round, drops suppressed ones and duplicates (the same node reached
 * through two call chains is reported once, with the first, shortest chain), and prints them. Rules
 * never print: validate, then print, then generate only if clean (Dagger's order).
 */
final class Report {
  private final Map<List<Object>, Finding> findings = new LinkedHashMap<>();
  private boolean hasErrors;

  void addAll(List<Finding> findings) {
    for (Finding finding : findings) {
      add(finding);
    }
  }

  // Trees and elements use identity equality, so this dedupes by node and keeps discovery order.
  void add(Finding finding) {
    if (Suppressions.isSuppressed(finding.ruleId(), finding.suppressionScope())) {
      return;
    }
    // A node reached through two call chains is reported once; an element may carry several
    // distinct problems (two name collisions), so its key includes the message.
    Object key =
        finding.location() instanceof Finding.AtTree at
            ? at.tree()
            : List.of(((Finding.AtElement) finding.location()).element(), finding.message());
    if (findings.putIfAbsent(List.of(finding.ruleId(), key), finding) == null
        && finding.kind() == Diagnostic.Kind.ERROR) {
      hasErrors = true;
    }
  }

  boolean hasErrors() {
    return hasErrors;
  }

  List<Finding> findings() {
    return new ArrayList<>(findings.values());
  }

  void print(Messager messager, Trees trees) {
    for (Finding finding : findings()) {
      if (finding.location() instanceof Finding.AtTree at) {
        trees.printMessage(finding.kind(), finding.message(), at.tree(), at.unit());
      } else {
        Finding.AtElement at = (Finding.AtElement) finding.location();
        if (at.annotation() == null) {
          messager.printMessage(finding.kind(), finding.message(), at.element());
        } else {
          messager.printMessage(finding.kind(), finding.message(), at.element(), at.annotation());
        }
      }
    }
  }
}
