package dev.durable.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource whose connections lose the link to the server during {@code COMMIT}, after the server
 * committed: the worst case of a broken connection, where the client cannot tell whether its write
 * is in. Arm it with {@link #breakNextCommits}; until then it is the plain DataSource it wraps.
 */
final class BreakingCommits implements DataSource {
  private final DataSource real;
  private final AtomicInteger commitsToBreak = new AtomicInteger();
  private final AtomicInteger broken = new AtomicInteger();

  BreakingCommits(DataSource real) {
    this.real = real;
  }

  /** The next {@code n} commits are applied, then reported as a broken connection. */
  void breakNextCommits(int n) {
    commitsToBreak.set(n);
  }

  /** How many commits were broken so far. */
  int broken() {
    return broken.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return breaking(real.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return breaking(real.getConnection(user, password));
  }

  private Connection breaking(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("commit") && commitsToBreak.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            connection.commit();
            connection.close();
            broken.incrementAndGet();
            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return real.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return real.isWrapperFor(type);
  }
}
