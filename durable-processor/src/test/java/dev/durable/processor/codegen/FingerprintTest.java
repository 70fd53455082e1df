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
 * helper it calls) changes, and ignore step bodies and comments. Its patch-free part stays when the
 * only changes are inside {@code Durable.patched} blocks.
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

  private static final String PATCH_TEMPLATE =
      """
      package test;
      import dev.durable.Durable;
      import dev.durable.annotations.*;
      @DurableWorkflow
      public class Flow {
        @WorkflowMethod
        public String run(String name) {
          String greeting = greet(name);
          STATEMENTS
          return greeting + audit(name);
        }
        @DurableStep
        String greet(String name) { return "hi " + name; }
        @DurableStep
        String audit(String name) { return "audited {" + name + "};"; }
        @DurableStep
        String check(String name) { return name; }
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
    return descriptorFingerprint(text)[0];
  }

  /** The full and the patch-free fingerprint of the workflow with {@code statements} in its method. */
  private static String[] patched(String statements) throws IOException {
    return descriptorFingerprint(PATCH_TEMPLATE.replace("STATEMENTS", statements));
  }

  private static String[] descriptorFingerprint(String text) throws IOException {
    Compilation compilation = compile(source("test.Flow", text));
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("test.Flow_DurableDescriptor")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    Matcher matcher =
        Pattern.compile("fingerprint\\(\\) \\{\\s*return \"([0-9a-f]{32})/([0-9a-f]{32})\";")
            .matcher(generated);
    assertThat(matcher.find()).isTrue();
    return new String[] {matcher.group(1), matcher.group(2)};
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

  @Test
  void aNewPatchedBlock_changesTheFullFingerprint_butNotThePatchFreeOne() throws IOException {
    String[] before = patched("");
    String[] after = patched("if (Durable.patched(\"fraud-check\")) { check(name); }");

    assertThat(after[0]).isNotEqualTo(before[0]);
    assertThat(after[1]).isEqualTo(before[1]);
  }

  @Test
  void codeReplacedUnderAPatch_keepsThePatchFreeFingerprintOfTheOldCode() throws IOException {
    String[] before = patched("check(\"old {\" + name);");
    String[] after = patched("if (Durable.patched(\"v2\")) { check(\"new; }\" + name); } else { check(\"old {\" + name); }");

    assertThat(after[0]).isNotEqualTo(before[0]);
    assertThat(after[1]).isEqualTo(before[1]);
  }

  @Test
  void aChangeOutsidePatches_changesThePatchFreeFingerprint() throws IOException {
    String[] before = patched("if (Durable.patched(\"v2\")) { check(name); }");
    String[] after = patched("if (Durable.patched(\"v2\")) { check(name); } check(greeting);");

    assertThat(after[1]).isNotEqualTo(before[1]);
  }

  @Test
  void aNegatedPatchIsNotTakenOut_soItCountsAsAChange() throws IOException {
    String[] before = patched("");
    String[] after = patched("if (!Durable.patched(\"v2\")) { check(name); }");

    assertThat(after[1]).isNotEqualTo(before[1]);
  }
}
