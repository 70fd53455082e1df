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
              // Creating a pool and handing it work, including pools injected through the
              // constructor. shutdown(), close() and awaitTermination() run nothing: the pool's
              // creation or the work handed to it is the finding, once.
              "java.util.concurrent.ThreadPoolExecutor#<init>",
              "java.util.concurrent.ForkJoinPool#<init>",
              "java.util.concurrent.ForkJoinPool#commonPool",
              "java.util.concurrent.ForkJoinPool#invoke",
              "java.util.concurrent.Executor#execute",
              "java.util.concurrent.ExecutorService#submit",
              "java.util.concurrent.ExecutorService#invokeAll",
              "java.util.concurrent.ExecutorService#invokeAny",
              "java.util.concurrent.ScheduledExecutorService#schedule*",
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
              "java.util.concurrent.TimeUnit#sleep",
              "java.util.concurrent.TimeUnit#timedJoin",
              "java.util.concurrent.TimeUnit#timedWait",
              // A timed wait's outcome depends on how fast the branch runs, which replay changes.
              "java.util.concurrent.Future#get(long, java.util.concurrent.TimeUnit)",
              "java.util.concurrent.CompletableFuture#orTimeout",
              "java.util.concurrent.CompletableFuture#completeOnTimeout",
              "java.lang.Thread#onSpinWait",
              "java.lang.Object#wait",
              "java.lang.Object#notify",
              "java.lang.Object#notifyAll",
              "java.util.concurrent.locks.LockSupport#park*");

  NoThreadsRule() {
    super(
        ID,
        "Threads, executors, *Async, parallel streams, timers, sleep, timed waits and wait/notify",
        BANNED);
  }
}
