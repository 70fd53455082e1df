package dev.durable;

/**
 * What a committed step survives. Chosen once per engine with {@link DurableEngine.Builder#durability}.
 */
public enum Durability {
  /**
   * The default. A step is reported completed only after its result is synced to disk
   * ({@code synchronous=FULL}): it survives {@code kill -9}, an OS crash and power loss. Costs one
   * fsync per commit; concurrent steps share commits.
   */
  SURVIVES_POWER_LOSS,

  /**
   * Faster: commits are written to the operating system but not synced ({@code synchronous=NORMAL}
   * in WAL mode). A completed step survives {@code kill -9} of the JVM, but an OS crash or power loss
   * may roll back the most recent commits, and the steps they recorded then run again on resume.
   */
  SURVIVES_PROCESS_CRASH
}
