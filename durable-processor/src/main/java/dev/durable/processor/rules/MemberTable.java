package dev.durable.processor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * A banned-member table: {@link MemberPattern}s, each paired with the explanation to print when it
 * matches. Built from string data so each rule's table reads like a properties file, with comments
 * on the contested entries.
 */
final class MemberTable {
  private final List<MemberPattern> patterns = new ArrayList<>();
  private final List<String> explanations = new ArrayList<>();

  /** Adds every pattern in {@code specs} with the same explanation. */
  MemberTable add(String explanation, String... specs) {
    for (String spec : specs) {
      patterns.add(MemberPattern.parse(spec));
      explanations.add(explanation);
    }
    return this;
  }

  /** The explanation of the first pattern matching {@code member}, if any. */
  Optional<String> match(Element member, Elements elements, Types types) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matches(member, elements, types)) {
        return Optional.of(explanations.get(i));
      }
    }
    return Optional.empty();
  }
}
