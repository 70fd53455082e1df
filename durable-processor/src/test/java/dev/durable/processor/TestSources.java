package dev.durable.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Small sources for processor tests, in the style of AutoValue's test helpers. The wrapper of
 * {@link #workflowSource} is fixed so that positions are easy to pin: the first body line is line
 * {@value #FIRST_BODY_LINE} and body lines are indented by four spaces (column 5).
 */
public final class TestSources {
  public static final int FIRST_BODY_LINE = 6;

  private TestSources() {}

  /** {@code test.Flow}: a workflow whose {@code run()} method body is {@code bodyLines}. */
  public static JavaFileObject workflowSource(String... bodyLines) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("import dev.durable.Durable; import dev.durable.annotations.*;");
    lines.add("import java.time.*; import java.util.*; import java.util.concurrent.*;");
    lines.add("@DurableWorkflow public class Flow {");
    lines.add("  @WorkflowMethod public void run() {");
    for (String line : bodyLines) {
      lines.add("    " + line);
    }
    lines.add("  }");
    lines.add("}");
    return JavaFileObjects.forSourceLines("test.Flow", lines);
  }

  /** A source file {@code qualifiedName} with the given text (a text block is convenient). */
  public static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** The onboarding sample's shape: records, steps on an interface, Durable.async branches. */
  public static List<JavaFileObject> onboardingSources() {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String name :
        List.of(
            "NewHire",
            "EmployeeRecord",
            "Laptop",
            "Access",
            "OnboardingResult",
            "Directory",
            "OnboardingSteps",
            "OnboardingWorkflow")) {
      sources.add(JavaFileObjects.forResource("fixtures/onboarding/com/acme/" + name + ".java"));
    }
    return sources;
  }

  /** Compiles with only {@link DurableProcessor}, and durable-runtime on the class path. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(sources));
  }

  public static Compilation compile(List<JavaFileObject> sources) {
    return javac().withProcessors(new DurableProcessor()).compile(sources);
  }
}
