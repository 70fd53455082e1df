package dev.durable.processor.codegen;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.onboardingSources;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.processor.DurableProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class DescriptorGeneratorTest {
  private static final String SERVICES = "META-INF/services/dev.durable.WorkflowDescriptor";

  @Test
  void onboarding_matchesGolden() throws IOException {
    Compilation compilation = compile(onboardingSources());
    assertThat(compilation).succeededWithoutWarnings();

    String generated =
        compilation
            .generatedSourceFile("com.acme.OnboardingWorkflow_DurableDescriptor")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    // The fingerprint has its own tests; the golden pins everything else.
    String normalized = generated.replaceAll("return \"[0-9a-f]{32}/[0-9a-f]{32}\";", "return \"<fingerprint>\";");
    assertThat(normalized)
        .isEqualTo(golden("goldens/DescriptorGeneratorTest/OnboardingWorkflow_DurableDescriptor.java"));
  }

  @Test
  void serviceFile_listsEveryDescriptorSorted() throws IOException {
    JavaFileObject zeta =
        source(
            "test.Zeta",
            """
            package test;
            @dev.durable.annotations.DurableWorkflow(name = "zeta")
            public class Zeta {
              @dev.durable.annotations.WorkflowMethod public void run() {}
            }
            """);
    JavaFileObject alpha =
        source(
            "test.Alpha",
            """
            package test;
            public class Alpha {
              @dev.durable.annotations.DurableWorkflow
              public static class Nested {
                @dev.durable.annotations.WorkflowMethod public void run(int[] n, String... s) {}
              }
            }
            """);
    Compilation compilation = compile(zeta, alpha);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "", SERVICES)
        .contentsAsUtf8String()
        .isEqualTo("test.Alpha_Nested_DurableDescriptor\ntest.Zeta_DurableDescriptor\n");
    assertThat(compilation)
        .generatedSourceFile("test.Alpha_Nested_DurableDescriptor")
        .contentsAsUtf8String()
        .contains("\"run(int[],java.lang.String[])\"");
    assertThat(compilation)
        .generatedSourceFile("test.Alpha_Nested_DurableDescriptor")
        .contentsAsUtf8String()
        .contains("return \"test.Alpha$Nested\";");
    assertThat(compilation)
        .generatedSourceFile("test.Zeta_DurableDescriptor")
        .contentsAsUtf8String()
        .contains("return \"zeta\";");
  }

  @Test
  void withoutRuntimeOnClasspath_generatesNothingAndReportsNothing() throws URISyntaxException {
    File annotationsOnly =
        new File(DurableWorkflow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Compilation compilation =
        javac()
            .withProcessors(new DurableProcessor())
            .withClasspath(List.of(annotationsOnly))
            .compile(
                source(
                    "test.Plain",
                    """
                    package test;
                    @dev.durable.annotations.DurableWorkflow
                    public class Plain {
                      @dev.durable.annotations.WorkflowMethod public void run() {}
                    }
                    """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  @Test
  void workflowWithErrors_getsNoDescriptor() {
    // A descriptor would implement WorkflowDescriptor for a class the runtime cannot proxy; the
    // only diagnostic must be the shape error itself.
    Compilation compilation =
        compile(
            source(
                "test.Broken",
                """
                package test;
                @dev.durable.annotations.DurableWorkflow
                public final class Broken {
                  @dev.durable.annotations.WorkflowMethod public void run() {}
                }
                """));
    assertThat(compilation).hadErrorCount(1);
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = DescriptorGeneratorTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("Missing golden file " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
