package dev.durable.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until the test moves it: what an engine under test reads for
 * {@code Durable.now()}, timers and event timeouts. Thread-safe; moves forward only.
 */
public final class TestClock extends Clock {
  private final AtomicLong millis;

  TestClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** Moves the clock forward by {@code duration}; timers due by then fire. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("TestClock.advance(" + duration + "): a clock only moves forward. Fix: pass"
          + " a positive duration.");
    }
    millis.addAndGet(duration.toMillis());
  }

  /** Moves the clock forward to {@code instant}, if it is later than now. */
  void advanceTo(Instant instant) {
    millis.accumulateAndGet(instant.toEpochMilli(), Math::max);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("A TestClock is in UTC; Durable reads instants only.");
  }
}
