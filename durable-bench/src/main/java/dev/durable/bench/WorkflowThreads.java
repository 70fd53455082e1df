package dev.durable.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The threads that row 2's workflows (and row 2e's writers) run on: one platform thread each, as on
 * Java 17, or one virtual thread each ({@code --virtual-threads}, Java 21 and later), where a step's
 * wait for its commit parks a continuation instead of a kernel thread.
 */
enum WorkflowThreads {
  PLATFORM("platform") {
    @Override
    Thread unstarted(String name, Runnable task) {
      return new Thread(task, name);
    }
  },

  VIRTUAL("virtual") {
    @Override
    Thread unstarted(String name, Runnable task) {
      // Looked up by reflection: the bench is compiled for Java 17, which has no Thread.ofVirtual().
      try {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
        Thread thread = (Thread) unstarted.invoke(builder, task);
        thread.setName(name);
        return thread;
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("could not create a virtual thread", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(unavailable(), e);
      }
    }
  };

  /** The first Java version with virtual threads (JEP 444). */
  static final int VIRTUAL_SINCE = 21;

  final String label;

  WorkflowThreads(String label) {
    this.label = label;
  }

  /** A new, unstarted thread of this kind that runs {@code task}. */
  abstract Thread unstarted(String name, Runnable task);

  /** Fails at once, before anything runs, if this kind of thread does not exist on this JVM. */
  void checkAvailable() {
    if (this == VIRTUAL && Runtime.version().feature() < VIRTUAL_SINCE) {
      throw new IllegalStateException(unavailable());
    }
  }

  private static String unavailable() {
    return "--virtual-threads needs Java " + VIRTUAL_SINCE + " or later, and this JVM is Java " + Runtime.version()
        + ". Run the jar with a newer java (for example $JAVA_HOME/bin/java -jar durable-bench/target/durable-bench.jar"
        + " --virtual-threads), or leave the option out to run row 2 on platform threads.";
  }
}
