package dev.durable.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.processor.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rule has a stable, unique id, a docs page and a line in the rules table. */
class RuleSetTest {
  // Surefire runs in the module directory; the docs live at the repository root.
  private static final Path DOCS = Path.of("..", "docs", "rules");
  // The processor's section of the documentation, with the table of every rule.
  private static final Path RULES_INDEX = DOCS.resolve("README.md");

  @Test
  void idsAreUniqueAndPrefixed() {
    List<Rule> rules = RuleSet.all();
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      assertThat(rule.id()).matches("Durable[A-Z][A-Za-z]+");
      assertThat(ids.add(rule.id())).as("duplicate id %s", rule.id()).isTrue();
      assertThat(rule.summary()).isNotBlank();
    }
    assertThat(rules).hasSize(21);
  }

  @Test
  void everyRuleHasADocsPageAndALineInTheIndex() throws IOException {
    String index = Files.readString(RULES_INDEX);
    for (Rule rule : RuleSet.all()) {
      Path page = DOCS.resolve(rule.id() + ".md");
      assertThat(page).exists();
      assertThat(Files.readString(page))
          .startsWith("# " + rule.id())
          .contains("**Severity:** " + rule.severity())
          .contains("## Not this", "## Prefer this", "@SuppressWarnings(\"" + rule.id() + "\")");
      assertThat(index).contains("[`" + rule.id() + "`](" + rule.id() + ".md)");
    }
  }
}
