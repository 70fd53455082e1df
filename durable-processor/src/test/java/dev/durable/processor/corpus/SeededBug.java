package dev.durable.processor.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replay bug seeded into a copy of one clean corpus workflow: text edits, each replacing a
 * snippet that occurs exactly once, with a {@code // EXPECT: <RuleId>} marker at the end of every
 * line where the processor must report it.
 */
record SeededBug(String name, String sample, List<Edit> edits) {
  record Edit(String find, String replace) {}

  /** A line of the seeded source where a rule must report. */
  record Expected(long line, String ruleId) {}

  private static final Pattern MARKER = Pattern.compile("// EXPECT: (Durable[A-Za-z]+)");

  static SeededBug of(String name, String sample, String... findReplacePairs) {
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < findReplacePairs.length; i += 2) {
      edits.add(new Edit(findReplacePairs[i], findReplacePairs[i + 1]));
    }
    return new SeededBug(name, sample, List.copyOf(edits));
  }

  String applyTo(String clean) {
    String source = clean;
    for (Edit edit : edits) {
      int at = source.indexOf(edit.find());
      if (at < 0 || source.indexOf(edit.find(), at + 1) >= 0) {
        throw new IllegalStateException(name + ": expected exactly one '" + edit.find() + "'");
      }
      source =
          source.substring(0, at) + edit.replace() + source.substring(at + edit.find().length());
    }
    return source;
  }

  static List<Expected> expectations(String seeded) {
    List<Expected> expected = new ArrayList<>();
    String[] lines = seeded.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher marker = MARKER.matcher(lines[i]);
      if (marker.find()) {
        expected.add(new Expected(i + 1, marker.group(1)));
      }
    }
    return expected;
  }

  @Override
  public String toString() {
    return sample + ": " + name;
  }
}
