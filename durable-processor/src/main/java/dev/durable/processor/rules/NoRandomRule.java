package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.Messages;

/** {@code DurableNoRandom}: workflow code must not draw unrecorded random values. */
final class NoRandomRule extends BannedMemberRule {
  static final String ID = "DurableNoRandom";

  private static final MemberTable BANNED =
      new MemberTable()
          .add(Messages.RANDOM_UUID, "java.util.UUID#randomUUID")
          .add(
              Messages.RANDOM,
              "java.lang.Math#random",
              "java.lang.StrictMath#random",
              // Seeded generators are deterministic and allowed: new Random(seed).
              "java.util.Random#<init>()",
              "java.util.SplittableRandom#<init>()",
              // Any SecureRandom, seeded or not: seeding only adds to the OS entropy.
              "java.security.SecureRandom#*",
              // current() is reported; the draw on it is the same expression (one finding).
              "java.util.concurrent.ThreadLocalRandom#*",
              // Without a Random argument, shuffle uses a hidden unseeded generator.
              "java.util.Collections#shuffle(java.util.List)",
              // Identity hash codes differ from one JVM run to the next.
              "java.lang.System#identityHashCode");

  NoRandomRule() {
    super(
        ID,
        "Unrecorded randomness (Math.random, new Random(), SecureRandom, ThreadLocalRandom, UUID.randomUUID...)",
        BANNED);
  }

  /** A value that only reaches a log line (a correlation id) changes nothing replay depends on. */
  @Override
  boolean allowedAt(Tree call, CodeContext context) {
    return LoggedValues.onlyLogged(context);
  }

  /** A value that builds a child workflow's id or an event's target breaks more than a value. */
  @Override
  String explanationAt(String tableExplanation, CodeContext context) {
    return RecordedIds.explanation(context).orElse(tableExplanation);
  }
}
