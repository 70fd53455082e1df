package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.Messages;

/** {@code DurableNoWallClock}: workflow code must not read the clock; {@code Durable.now()} does. */
final class NoWallClockRule extends BannedMemberRule {
  static final String ID = "DurableNoWallClock";

  private static final MemberTable BANNED =
      new MemberTable()
          .add(
              Messages.WALL_CLOCK,
              "java.lang.System#currentTimeMillis",
              // Contested: nanoTime() is meant for durations, but a duration measured across a
              // replay is as wrong as a timestamp, and branching on it is equally non-deterministic.
              // A duration that only reaches a log line is allowed (allowedAt).
              "java.lang.System#nanoTime",
              // Every now(), now(ZoneId) and now(Clock) of java.time: Instant, LocalDate(Time),
              // LocalTime, Zoned/OffsetDateTime, OffsetTime, Year, YearMonth, MonthDay. now(Clock)
              // is listed too: a Clock in workflow code is a system clock unless proven otherwise.
              "java.time.*#now",
              "java.time.chrono.*#dateNow",
              "java.time.chrono.*#now",
              "java.time.Clock#system*",
              "java.time.InstantSource#system",
              // Reading an injected Clock (clock.instant(), clock.millis()): a Clock in workflow
              // code is a system clock unless proven otherwise, and replay cannot tell.
              "java.time.Clock#instant",
              "java.time.Clock#millis",
              "java.time.InstantSource#instant",
              "java.time.InstantSource#millis",
              // Only the no-argument constructors read the clock; new Date(millis) is a value.
              "java.util.Date#<init>()",
              "java.util.Calendar#getInstance",
              "java.util.GregorianCalendar#<init>()",
              "java.util.GregorianCalendar#<init>(java.util.TimeZone)",
              "java.util.GregorianCalendar#<init>(java.util.Locale)",
              "java.util.GregorianCalendar#<init>(java.util.TimeZone, java.util.Locale)");

  NoWallClockRule() {
    super(
        ID,
        "Reading the wall clock (System.currentTimeMillis, Instant.now, Clock.systemUTC, new Date()...)",
        BANNED);
  }

  /** A time that only reaches a log line (a logged duration) changes nothing replay depends on. */
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
