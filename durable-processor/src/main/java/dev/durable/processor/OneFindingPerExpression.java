package dev.durable.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps one finding per rule and expression, so that one mistake reads as one error (issue 21):
 * {@code ThreadLocalRandom.current().nextLong()} is reported at {@code current()} only, and {@code
 * counter = counter + 1} once. Within one statement, a rule's finding on a node nested in another
 * of its findings replaces the outer one (the innermost node is the cause), and a second finding
 * with the same subject is dropped.
 */
final class OneFindingPerExpression {
  private record Entry(String ruleId, String subject, Tree tree, Finding finding) {}

  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  private final List<Finding> findings;
  // Trees compare by identity, so this is keyed by statement node.
  private final Map<Tree, List<Entry>> byStatement = new HashMap<>();

  OneFindingPerExpression(
      SourcePositions positions, CompilationUnitTree unit, List<Finding> findings) {
    this.positions = positions;
    this.unit = unit;
    this.findings = findings;
  }

  /**
   * Adds {@code finding}, found by {@code ruleId} at {@code at}, unless it repeats one already
   * kept.
   */
  void add(String ruleId, String subject, TreePath at, Finding finding) {
    List<Entry> entries = byStatement.computeIfAbsent(statementOf(at), s -> new ArrayList<>());
    Tree tree = at.getLeaf();
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry kept = it.next();
      if (!kept.ruleId().equals(ruleId)) {
        continue;
      }
      if (kept.tree() == tree || kept.subject().equals(subject) || contains(tree, kept.tree())) {
        return;
      }
      if (contains(kept.tree(), tree)) {
        it.remove();
        findings.remove(kept.finding());
      }
    }
    entries.add(new Entry(ruleId, subject, tree, finding));
    findings.add(finding);
  }

  private static Tree statementOf(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof StatementTree) {
        return p.getLeaf();
      }
    }
    return path.getLeaf();
  }

  private boolean contains(Tree outer, Tree inner) {
    long outerStart = positions.getStartPosition(unit, outer);
    long outerEnd = positions.getEndPosition(unit, outer);
    long innerStart = positions.getStartPosition(unit, inner);
    long innerEnd = positions.getEndPosition(unit, inner);
    return outerStart >= 0
        && innerStart >= 0
        && outerStart <= innerStart
        && innerEnd <= outerEnd
        && (outerStart != innerStart || outerEnd != innerEnd);
  }
}
