package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;
import static dev.durable.processor.TestSources.workflowSource;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoIoRuleTest {
  @Test
  void getenv_isRejected() {
    JavaFileObject src = workflowSource("String home = System.getenv(\"HOME\");");
    assertThat(compile(src))
        .hadErrorContaining("[DurableNoIo] System.getenv(...) in workflow method run()")
        .inFile(src)
        .onLine(6)
        .atColumn(32);
    assertThat(compile(src)).hadErrorContaining("Fix: move it into a @DurableStep method");
  }

  @Test
  void filesNetworkJdbcProcessesAndStdin_areRejected() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public void run() throws Exception {
                java.nio.file.Files.readString(java.nio.file.Path.of("a.txt"));
                new java.io.FileInputStream("a.txt").close();
                new java.net.URL("https://example.com").openStream().close();
                java.net.http.HttpClient.newHttpClient();
                java.sql.DriverManager.getConnection("jdbc:sqlite:x.db");
                new ProcessBuilder("ls").start();
                int b = System.in.read();
                String p = System.getProperty("user.home");
              }
            }
            """);
    Compilation compilation = compile(src);
    // new ProcessBuilder("ls").start() is one expression: one finding, at the inner cause.
    assertThat(compilation).hadErrorCount(8);
    assertThat(compilation).hadErrorContaining("Files.readString(...)").inFile(src).onLine(5).atColumn(35);
    assertThat(compilation).hadErrorContaining("new FileInputStream(...)").inFile(src).onLine(6).atColumn(5);
    assertThat(compilation).hadErrorContaining("URL.openStream()").inFile(src).onLine(7).atColumn(55);
    assertThat(compilation).hadErrorContaining("HttpClient.newHttpClient()").inFile(src).onLine(8).atColumn(43);
    assertThat(compilation).hadErrorContaining("DriverManager.getConnection(...)").inFile(src).onLine(9).atColumn(41);
    assertThat(compilation).hadErrorContaining("new ProcessBuilder(...)").inFile(src).onLine(10).atColumn(5);
    assertThat(compilation).hadErrorContaining("System.in").inFile(src).onLine(11).atColumn(19);
    assertThat(compilation).hadErrorContaining("System.getProperty(...)").inFile(src).onLine(12).atColumn(34);
  }

  @Test
  void pureValuesAndStepIo_areAllowed() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.nio.file.Path;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() {
                Path file = Path.of("reports", "a.txt");
                java.net.URI uri = java.net.URI.create("https://example.com");
                return read(file.toString()) + uri.getHost();
              }
              @DurableStep String read(String file) {
                try {
                  return java.nio.file.Files.readString(Path.of(file));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void suppressedOnTheLocalVariable_isSilent() {
    JavaFileObject src =
        workflowSource(
            "@SuppressWarnings(\"DurableNoIo\") String home = System.getenv(\"HOME\");");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void inHelper_showsTheChain() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            @DurableWorkflow public class Flow {
              @WorkflowMethod public String run() { return region(); }
              String region() { return System.getenv("REGION"); }
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("(run() -> region() -> System.getenv(...))")
        .inFile(src)
        .onLine(5)
        .atColumn(41);
  }

  @Test
  void machineDefaultsAndPropertyReads_areRejected() {
    JavaFileObject src =
        workflowSource(
            "ZoneId zone = ZoneId.systemDefault();",
            "Locale locale = Locale.getDefault();",
            "TimeZone tz = TimeZone.getDefault();",
            "boolean debug = Boolean.getBoolean(\"debug\");",
            "Integer n = Integer.getInteger(\"n\");");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining("[DurableNoIo] ZoneId.systemDefault() in workflow method run() reads a default of the machine")
        .inFile(src)
        .onLine(6)
        .atColumn(39);
    assertThat(compilation).hadErrorContaining("Locale.getDefault()").inFile(src).onLine(7);
    assertThat(compilation).hadErrorContaining("TimeZone.getDefault()").inFile(src).onLine(8);
    assertThat(compilation).hadErrorContaining("Boolean.getBoolean(...)").inFile(src).onLine(9);
    assertThat(compilation).hadErrorContaining("Integer.getInteger(...)").inFile(src).onLine(10);
  }
}
