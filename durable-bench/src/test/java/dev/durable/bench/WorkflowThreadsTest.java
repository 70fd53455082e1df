package dev.durable.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --virtual-threads}: refused with what to do before Java 21, real virtual threads from 21 on. */
class WorkflowThreadsTest {
  @TempDir Path dir;

  @Test
  void virtualThreads_beforeJava21_refusedWithWhatToDo() {
    assumeTrue(Runtime.version().feature() < WorkflowThreads.VIRTUAL_SINCE, "this JVM has virtual threads");

    assertThatThrownBy(WorkflowThreads.VIRTUAL::checkAvailable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs Java 21 or later")
        .hasMessageContaining("leave the option out");
  }

  @Test
  void platformThreads_runEverywhere() throws Exception {
    WorkflowThreads.PLATFORM.checkAvailable();
    Thread thread = WorkflowThreads.PLATFORM.unstarted("p", () -> { });

    assertThat(thread.getName()).isEqualTo("p");
    assertThat(isVirtual(thread)).isFalse();
  }

  @Test
  void virtualThreads_fromJava21_areVirtualAndRunRow2() throws Exception {
    assumeTrue(Runtime.version().feature() >= WorkflowThreads.VIRTUAL_SINCE, "virtual threads need Java 21");
    WorkflowThreads.VIRTUAL.checkAvailable();
    Thread thread = WorkflowThreads.VIRTUAL.unstarted("v", () -> { });

    assertThat(thread.getName()).isEqualTo("v");
    assertThat(isVirtual(thread)).isTrue();

    String report = BenchMain.run(BenchConfig.quick().withThreads(WorkflowThreads.VIRTUAL), dir, Set.of("2"), null, line -> { });
    for (String row : new String[] {"2a", "2b", "2c"}) {
      assertThat(report).containsPattern("(?m)^\\| " + row + " +\\| [^|]*\\(virtual threads\\) +\\|.*\\| (PASS|MISS|INFO) +\\|$");
    }
    assertThat(report).contains("each on its own virtual thread", "from 8 and 64 virtual threads");
  }

  /** {@code Thread.isVirtual()}, which Java 17 does not have: false there. */
  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    if (Runtime.version().feature() < WorkflowThreads.VIRTUAL_SINCE) {
      return false;
    }
    return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }
}
