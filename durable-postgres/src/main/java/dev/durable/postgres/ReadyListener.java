package dev.durable.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, through PostgreSQL's LISTEN/NOTIFY, that some process made a run ready, and nudges the
 * worker so that it looks at once instead of at its next poll. A daemon thread holds a connection of
 * its own (a pool would hand it back and lose the subscription), waits for notifications, and
 * connects again, with growing pauses, when the connection drops.
 *
 * <p>Notifications are a shortcut, never the only way: one missed while the connection was down is
 * made up by a nudge after reconnecting, and the worker's polling finds whatever else was missed. So
 * an outage is logged once, at WARN, when it begins, and once more at INFO when it ends.
 */
final class ReadyListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadyListener.class);
  /** How long one wait for notifications lasts: bounds how long {@link #close} waits for the thread. */
  private static final int WAIT_MILLIS = 250;
  private static final long FIRST_PAUSE_MILLIS = 100;
  private static final long LONGEST_PAUSE_MILLIS = 30_000;

  /** Opens the listener's connection. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final String channel;
  private final Runnable nudge;
  private final String location;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param channel the channel to listen on, a plain lower-case identifier
   * @param location the database, for log messages
   */
  ReadyListener(Connector connector, String channel, Runnable nudge, String location) {
    this.connector = connector;
    this.channel = channel;
    this.nudge = nudge;
    this.location = location;
    this.thread = new Thread(this::listen, "durable-listen-" + channel);
    thread.setDaemon(true);
  }

  /**
   * Starts listening and waits, at most {@code maxWaitMillis}, until the first subscription is made
   * (or failed), so that runs made ready after the engine is built are heard.
   */
  void start(long maxWaitMillis) throws InterruptedException {
    thread.start();
    firstAttempt.await(maxWaitMillis, TimeUnit.MILLISECONDS);
  }

  private void listen() {
    long pause = FIRST_PAUSE_MILLIS;
    boolean outage = false;
    while (!closed) {
      try (Connection c = connector.connect()) {
        if (!c.isWrapperFor(PGConnection.class)) {
          // An application's pool that hides the driver's connection: no way to wait for notifications.
          log.warn("Durable cannot LISTEN through {}: its connections do not unwrap to the PostgreSQL driver's"
              + " PGConnection. Workers find runs started elsewhere by polling (pollInterval). Fix: give Durable a"
              + " DataSource whose connections unwrap (HikariCP's and the driver's own do), or a JDBC URL.", location);
          firstAttempt.countDown();
          return;
        }
        c.setAutoCommit(true);
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        firstAttempt.countDown();
        if (outage) {
          log.info("Durable is hearing from {} again; workers look for runs made ready meanwhile.", location);
          // Notifications sent while the connection was down are lost: look once for what they announced.
          nudge.run();
          outage = false;
        }
        pause = FIRST_PAUSE_MILLIS;
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0 && !closed) {
            nudge.run();
          }
        }
      } catch (SQLException e) {
        firstAttempt.countDown();
        if (closed) {
          return;
        }
        if (!outage) {
          log.warn("Durable lost its LISTEN connection to {} ({}); it connects again in the background, and until"
              + " then workers find runs started elsewhere by polling (pollInterval). Fix: check the server if this"
              + " lasts.", location, e.getMessage());
          outage = true;
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          // Only close() interrupts this thread: it is told to stop.
          Thread.currentThread().interrupt();
          return;
        }
        pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
      }
    }
  }

  /** Stops listening; returns once the thread has closed its connection (or after a few seconds). */
  @Override
  public void close() {
    closed = true;
    // Ends a pause between reconnections at once; a wait for notifications ends within WAIT_MILLIS.
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
