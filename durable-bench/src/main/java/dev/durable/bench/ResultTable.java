package dev.durable.bench;

import java.util.ArrayList;
import java.util.List;

/** The rows and footnotes of one benchmark run, printed as a Markdown table ready for the README. */
final class ResultTable {
  private static final String[] HEADER = {"#", "Measurement", "Result", "Baseline (same run)", "Ratio", "Target", "Verdict"};

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void note(String note) {
    notes.add(note);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  String markdown() {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row r : rows) {
      cells.add(new String[] {r.id(), r.measurement(), r.result(), r.baseline(), r.ratio(), r.target(), r.verdict().name()});
    }
    int[] width = new int[HEADER.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      appendLine(out, cells.get(n), width);
      if (n == 0) {
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
          rule[i] = "-".repeat(width[i]);
        }
        appendLine(out, rule, width);
      }
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      for (String note : notes) {
        out.append(note).append('\n');
      }
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] line, int[] width) {
    out.append('|');
    for (int i = 0; i < line.length; i++) {
      out.append(' ').append(line[i]).append(" ".repeat(width[i] - line[i].length())).append(" |");
    }
    out.append('\n');
  }
}
