package dev.durable.processor.rules;

import dev.durable.processor.Messages;

/**
 * {@code DurableNoBranchRace}: waiting for whichever of several futures completes first. On the
 * first run the fastest branch wins; on replay every branch returns its recorded result at once, so
 * the winner is whichever replays first. The rule cannot tell whether the winner is used, so it
 * flags every such call.
 */
final class NoBranchRaceRule extends BannedMemberRule {
  static final String ID = "DurableNoBranchRace";

  private static final MemberTable BANNED =
      new MemberTable()
          .add(
              Messages.BRANCH_RACE,
              "java.util.concurrent.CompletableFuture#anyOf",
              "java.util.concurrent.CompletableFuture#applyToEither",
              "java.util.concurrent.CompletableFuture#acceptEither",
              "java.util.concurrent.CompletableFuture#runAfterEither",
              "java.util.concurrent.CompletionStage#applyToEither",
              "java.util.concurrent.CompletionStage#acceptEither",
              "java.util.concurrent.CompletionStage#runAfterEither");

  NoBranchRaceRule() {
    super(ID, "CompletableFuture.anyOf and *Either: the first branch to finish decides", BANNED);
  }
}
