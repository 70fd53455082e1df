package dev.durable.processor.codegen;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint must be identical for identical workflow code, change when workflow code (or a
 * helper it calls) changes, and ignore step bodies and comments.
 */
class FingerprintTest {
  private static final String TEMPLATE =
      """
      package test;
      import dev.durable.annotations.*;
      @DurableWorkflow
      public class Flow {
        @WorkflowMethod
        public String run(String name) {
          // COMMENT
          String greeting = greet(name);
          return WORKFLOW_CODE + helper();
        }
        String helper() { return HELPER_CODE; }
        @DurableStep
        String greet(String name) { return STEP_CODE; }
      }
      """;

  private static String fingerprint(String workflowCode, String helperCode, String stepCode, String comment)
      throws IOException {
    String text =
        TEMPLATE
            .replace("WORKFLOW_CODE", workflowCode)
            .replace("HELPER_CODE", helperCode)
            .replace("STEP_CODE", stepCode)
            .replace("COMMENT", comment);
    Compilation compilation = compile(source("test.Flow", text));
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("test.Flow_DurableDescriptor")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    Matcher matcher =
        Pattern.compile("fingerprint\\(\\) \\{\\s*return \"([0-9a-f]{32})\";").matcher(generated);
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  @Test
  void sameSource_sameFingerprint() throws IOException {
    assertThat(fingerprint("greeting", "\"!\"", "\"hi \" + name", "a"))
        .isEqualTo(fingerprint("greeting", "\"!\"", "\"hi \" + name", "a"));
  }

  @Test
  void workflowCodeChange_changesFingerprint() throws IOException {
    assertThat(fingerprint("greeting", "\"!\"", "\"hi\"", "a"))
        .isNotEqualTo(fingerprint("greeting.trim()", "\"!\"", "\"hi\"", "a"));
  }

  @Test
  void helperChange_changesFingerprint() throws IOException {
    assertThat(fingerprint("greeting", "\"!\"", "\"hi\"", "a"))
        .isNotEqualTo(fingerprint("greeting", "\"?\"", "\"hi\"", "a"));
  }

  @Test
  void stepBodyChange_keepsFingerprint() throws IOException {
    assertThat(fingerprint("greeting", "\"!\"", "\"hi \" + name", "a"))
        .isEqualTo(fingerprint("greeting", "\"!\"", "\"hello, \" + name.trim()", "a"));
  }

  @Test
  void commentChange_keepsFingerprint() throws IOException {
    assertThat(fingerprint("greeting", "\"!\"", "\"hi\"", "a"))
        .isEqualTo(fingerprint("greeting", "\"!\"", "\"hi\"", "a completely different comment"));
  }
}
