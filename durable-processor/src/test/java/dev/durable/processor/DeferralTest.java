package dev.durable.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * A workflow whose signatures use a type another processor generates is checked in the round in
 * which that type exists, not reported with half-resolved signatures (AutoValue's deferral).
 */
class DeferralTest {
  /** Generates {@code test.Generated}, a record, in its first round. */
  private static final class GeneratingProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile("test.Generated").openWriter()) {
          writer.write("package test; public record Generated(String value) {}");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void workflowUsingAGeneratedType_isCheckedOnceTheTypeExists() {
    Compilation compilation =
        javac()
            .withProcessors(new DurableProcessor(), new GeneratingProcessor())
            .compile(
                source(
                    "test.Flow",
                    """
                    package test;
                    import dev.durable.annotations.*;
                    @DurableWorkflow public class Flow {
                      @WorkflowMethod public Generated run() { return make("x"); }
                      @DurableStep Generated make(String value) { return new Generated(value); }
                    }
                    """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Flow_DurableDescriptor")
        .contentsAsUtf8String()
        .contains("\"make=make(java.lang.String)\"");
  }
}
