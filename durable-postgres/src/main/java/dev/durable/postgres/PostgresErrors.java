package dev.durable.postgres;

import dev.durable.DurableStoreException;
import dev.durable.internal.store.Stores;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * Turns PostgreSQL's SQLStates into errors that say what happened to which database and what to do:
 * authentication refused, database missing, server unreachable, no privilege to create the schema,
 * a lock held beyond the timeout. Messages name the database by its URL without the password, and
 * a password given separately is masked wherever the driver's own text might repeat it.
 */
final class PostgresErrors {
  private static final String INTACT = " The transaction was rolled back; every step committed before it is intact,"
      + " and calling the workflow again resumes it once the cause is fixed.";

  private final String location;
  private final String database;
  private final String user;
  private final String schema;
  private final String password;
  private final Duration lockTimeout;

  /**
   * @param location the database for messages, its password removed
   * @param database the database's name, or null if unknown (a DataSource that could not connect)
   * @param user the user Durable connects as, or null if unknown
   * @param password a password to mask in the driver's messages, or null
   */
  PostgresErrors(String location, String database, String user, String schema, String password, Duration lockTimeout) {
    this.location = location;
    this.database = database;
    this.user = user;
    this.schema = schema;
    this.password = password;
    this.lockTimeout = lockTimeout;
  }

  String location() {
    return location;
  }

  /** Whether the connection broke: the statement's outcome, or the commit's, is unknown to us. */
  static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    // Class 08: connection exceptions. 57P01-57P03: the server is shutting down or starting up.
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03"));
  }

  /** Whether the server rolled the transaction back to break a deadlock or a serialization conflict. */
  static boolean rolledBackByServer(SQLException e) {
    return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
  }

  /** Whether the calling thread was interrupted while it waited (for a connection of the pool, say). */
  static boolean interrupted(SQLException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /** The error of a call abandoned because its thread was interrupted: nothing of it was committed. */
  DurableStoreException interrupted(String action, SQLException e) {
    return new DurableStoreException(location, "Durable stopped " + action + " on " + location + " because its thread"
        + " was interrupted (an engine closing, or an application shutting down) before the transaction committed;"
        + " nothing of it was recorded, and every step committed before it is intact. Fix: nothing, if the interrupt"
        + " was meant; otherwise find what interrupts the thread.", e);
  }

  DurableStoreException translate(String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = " (PostgreSQL" + (state.isEmpty() ? "" : " SQLState " + state) + ": "
        + Stores.redact(mask(e.getMessage())) + ")";
    String db = database == null ? "the database" : "database '" + database + "'";
    String as = user == null ? "" : " as user '" + user + "'";
    String message;
    if (state.equals("28P01") || state.equals("28000")) {
      message = "PostgreSQL at " + location + " refused Durable's login" + as + " while " + action + ": the password"
          + " is wrong, or the server's pg_hba.conf does not let this user in from here. Fix: check the user and password"
          + " (DurableEngine.builder(url).user(...).password(...), or the URL's user and password parameters), and"
          + " that pg_hba.conf has an entry for this user, database and host.";
    } else if (state.equals("3D000")) {
      message = "PostgreSQL at " + location + " has no " + db + " (found while " + action + "). Durable creates its own"
          + " schema and tables, not the database. Fix: create it, as in CREATE DATABASE "
          + (database == null ? "name" : database) + ", or point the URL at an existing database.";
    } else if (unreachable(e)) {
      message = "Durable cannot reach the PostgreSQL server at " + location + " while " + action + ". Nothing was"
          + " recorded by this call; every step committed before it is intact. Fix: check the host and port in the URL,"
          + " that the server is running and accepts TCP connections there (listen_addresses), and that no firewall"
          + " is in the way.";
    } else if (state.equals("42501")) {
      message = "PostgreSQL at " + location + " refused user" + (user == null ? "" : " '" + user + "'") + " a privilege"
          + " Durable needs on its schema '" + schema + "' in " + db + " (while " + action + ")." + INTACT + " Fix: let the"
          + " user create the schema (GRANT CREATE ON DATABASE " + (database == null ? "name" : database) + " TO "
          + (user == null ? "user" : user) + "), or have an administrator create it beforehand and hand it over"
          + " (CREATE SCHEMA " + schema + " AUTHORIZATION " + (user == null ? "user" : user) + "); if the schema"
          + " exists and belongs to another role, GRANT USAGE, CREATE ON SCHEMA " + schema + " and ALL ON ALL TABLES"
          + " and SEQUENCES IN SCHEMA " + schema + " to the user.";
    } else if (state.equals("55P03")) {
      message = "A row of Durable's schema '" + schema + "' at " + location + " stayed locked by another transaction for"
          + " longer than the lock timeout (" + lockTimeout.toMillis() + " ms) while " + action + "." + INTACT
          + " Fix: find the transaction that holds the lock (pg_stat_activity, pg_locks), or raise"
          + " DurableEngine.builder().lockTimeout(...).";
    } else if (state.equals("53100")) {
      message = "The disk of the PostgreSQL server at " + location + " is full (found while " + action + ")." + INTACT
          + " Fix: free disk space on the server.";
    } else if (state.equals("53300")) {
      message = "The PostgreSQL server at " + location + " has no connection left for Durable while " + action + "."
          + INTACT + " Fix: raise the server's max_connections, or make the pools that share it smaller.";
    } else if (e instanceof SQLTransientConnectionException && state.isEmpty()) {
      // HikariCP's "Connection is not available, request timed out": every connection of the pool was busy.
      message = "Every connection of Durable's pool to the PostgreSQL server at " + location + " stayed busy for longer"
          + " than the lock timeout (" + lockTimeout.toMillis() + " ms) while " + action + "." + INTACT + " Fix: give"
          + " the pool more connections (DurableEngine.Builder.poolSize, default 10) or the engine fewer worker"
          + " threads (workerThreads), and check for long transactions on the server.";
    } else if (connectionLost(e)) {
      message = "The connection to the PostgreSQL server at " + location + " broke while " + action + ", and retrying"
          + " for " + lockTimeout.toMillis() + " ms did not get through. What the call was recording may or may not be"
          + " committed; every step committed before it is intact, and calling the workflow again resumes it from"
          + " what the database holds. Fix: check the server and the network between them.";
    } else {
      message = "PostgreSQL at " + location + " failed while " + action + "." + INTACT;
    }
    return new DurableStoreException(location, message + detail, e);
  }

  /** No server answered: refused, unknown host, or a connect timeout. */
  private static boolean unreachable(SQLException e) {
    if ("08001".equals(e.getSQLState()) || "08004".equals(e.getSQLState())) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** The driver's text with the password masked, should it ever repeat it. */
  private String mask(String text) {
    if (text == null || password == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "***");
  }
}
