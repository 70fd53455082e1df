package dev.durable.processor.corpus;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21's proof: a corpus of realistic workflows (written for this project in the style of
 * Temporal's Java samples) compiles without a single finding, and every bug of {@link SeededBugs},
 * seeded into a copy of one of them, is reported on exactly its marked lines and nowhere else. The
 * counts are in {@code docs/rules/README.md}.
 */
class CorpusTest {
  static final List<String> SAMPLES =
      List.of(
          "GreetingLoopWorkflow",
          "TripBookingWorkflow",
          "MoneyBatchWorkflow",
          "ReportPollingWorkflow",
          "PeriodicCleanupWorkflow",
          "ParallelScanWorkflow",
          "FileProcessingWorkflow",
          "DslInterpreterWorkflow",
          "ClusterManagerWorkflow",
          "FruitOrderWorkflow");

  private static final Pattern RULE_ID = Pattern.compile("^\\[(Durable[A-Za-z]*)\\]");

  @Test
  void cleanCorpus_compilesWithoutAFinding() {
    assertThat(compile(corpus(Map.of()))).succeededWithoutWarnings();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seededBugs")
  void seededBug_isReportedOnItsLinesOnly(SeededBug bug) {
    String seeded = bug.applyTo(read(bug.sample()));
    List<SeededBug.Expected> expected = SeededBug.expectations(seeded);
    assertWithMessage("%s has no EXPECT marker", bug).that(expected).isNotEmpty();

    Compilation compilation = compile(corpus(Map.of(bug.sample(), seeded)));

    List<String> found = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      Matcher id = RULE_ID.matcher(diagnostic.getMessage(Locale.ROOT));
      if (id.find()) {
        String file = diagnostic.getSource() == null ? "?" : diagnostic.getSource().getName();
        found.add(
            file.substring(file.lastIndexOf('/') + 1)
                + ":"
                + diagnostic.getLineNumber()
                + " "
                + id.group(1));
      }
    }
    List<String> wanted = new ArrayList<>();
    for (SeededBug.Expected e : expected) {
      wanted.add(bug.sample() + ".java:" + e.line() + " " + e.ruleId());
    }
    assertWithMessage("findings for %s", bug).that(found).containsExactlyElementsIn(wanted);
  }

  @Test
  void seededSuite_coversEveryHoleOfTheIssue() {
    assertWithMessage("seeded bugs").that(seededBugs().size()).isAtLeast(11);
  }

  static List<SeededBug> seededBugs() {
    return SeededBugs.all();
  }

  private static List<JavaFileObject> corpus(Map<String, String> replaced) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String sample : SAMPLES) {
      sources.put(sample, replaced.getOrDefault(sample, read(sample)));
    }
    List<JavaFileObject> files = new ArrayList<>();
    sources.forEach(
        (name, text) -> files.add(JavaFileObjects.forSourceString("corpus." + name, text)));
    return files;
  }

  private static String read(String sample) {
    String resource = "corpus/" + sample + ".java";
    try (InputStream in = CorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
