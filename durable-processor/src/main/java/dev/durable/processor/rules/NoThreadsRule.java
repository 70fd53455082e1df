package dev.durable.processor.rules;

import dev.durable.processor.Messages;

/** {@code DurableNoThreads}: workflow code must not start or block on threads the engine cannot see. */
final class NoThreadsRule extends BannedMemberRule {
  static final String ID = "DurableNoThreads";

  private static final MemberTable BANNED =
      new MemberTable()
          .add(
              Messages.THREADS,
              "java.lang.Thread#<init>",
              "java.lang.Thread#start",
              "java.lang.Thread#startVirtualThread",
              // Thread builders and structured concurrency exist from JDK 21; matched by name so
              // the processor still runs on 17.
              "java.lang.Thread#ofVirtual",
              "java.lang.Thread#ofPlatform",
              "java.lang.Thread.Builder#*",
              "java.util.concurrent.StructuredTaskScope#*",
              "java.util.concurrent.Executors#*",
              // Every method of every executor (ExecutorService, ForkJoinPool, ThreadPoolExecutor),
              // including ones injected through the constructor.
              "java.util.concurrent.Executor#*",
              "java.util.concurrent.ForkJoinPool#*",
              "java.util.concurrent.ForkJoinTask#fork",
              // join(), get(), thenApply() are fine on Durable.async futures; the *Async variants
              // run on the common pool.
              "java.util.concurrent.CompletableFuture#*Async",
              "java.util.Collection#parallelStream",
              "java.util.stream.BaseStream#parallel",
              "java.util.Timer#*",
              "java.util.TimerTask#*")
          .add(
              Messages.BLOCKING,
              "java.lang.Thread#sleep",
              "java.lang.Thread#onSpinWait",
              "java.lang.Object#wait",
              "java.lang.Object#notify",
              "java.lang.Object#notifyAll",
              "java.util.concurrent.locks.LockSupport#park*");

  NoThreadsRule() {
    super(
        ID,
        "Threads, executors, *Async, parallel streams, timers, sleep and wait/notify",
        BANNED);
  }
}
