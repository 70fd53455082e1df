package dev.durable.internal.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets a batch skip the owner fence for workflows whose ownership it has already checked, as long
 * as nothing can have changed it since.
 *
 * <p>Every step write is fenced: it is written only if its engine still owns the running workflow.
 * Checked in SQL, the fence took about a third of the writer's time per step, and the writer is the
 * one thread all concurrent steps queue for. But ownership changes only through a write: another
 * engine's takeover or deletion (a commit by another connection, which changes SQLite's {@code
 * PRAGMA data_version}), or this store's own claims, releases, finishes and deletions (which call
 * {@link #forget}). So inside a write transaction, which holds the database's write lock, a check
 * made earlier still holds if {@code data_version} has not moved and this store has not changed any
 * ownership since. Outside a batch transaction (a lone, autocommitted step write) nothing is
 * skipped, as no lock covers the time between a check and the write.
 *
 * <p>Used only on the committer's thread, under its lock.
 */
final class FenceCache implements GroupCommitter.TransactionListener {
  private final Connection writer;
  private PreparedStatement dataVersion;
  private final Map<String, String> checkedOwners = new HashMap<>();
  private long seenVersion = Long.MIN_VALUE;
  private boolean inTransaction;

  FenceCache(Connection writer) throws SQLException {
    this.writer = writer;
    this.dataVersion = writer.prepareStatement("PRAGMA data_version");
  }

  @Override
  public void begun() throws SQLException {
    long version;
    try (ResultSet rs = dataVersion.executeQuery()) {
      rs.next();
      version = rs.getLong(1);
    } catch (SQLException e) {
      renewDataVersion(e);
      throw e;
    }
    if (version != seenVersion) {
      checkedOwners.clear();
      seenVersion = version;
    }
    inTransaction = true;
  }

  /** sqlite-jdbc can leave a statement unusable after a failure; the next batch gets a fresh one. */
  private void renewDataVersion(SQLException failure) {
    try {
      dataVersion.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      dataVersion = writer.prepareStatement("PRAGMA data_version");
    } catch (SQLException e) {
      // The next batch fails on the closed statement and says so.
      failure.addSuppressed(e);
    }
  }

  @Override
  public void ended(boolean committed) {
    inTransaction = false;
    if (!committed) {
      // A rolled-back batch may have checked ownership that its own claim had just created.
      checkedOwners.clear();
    }
  }

  /** Whether {@code owner} is known to own running {@code workflowId} in the current transaction. */
  boolean owns(String workflowId, String owner) {
    return inTransaction && owner.equals(checkedOwners.get(workflowId));
  }

  /** Records that the fence, checked in SQL in the current transaction, found {@code owner} owning it. */
  void checked(String workflowId, String owner) {
    if (inTransaction) {
      checkedOwners.put(workflowId, owner);
    }
  }

  /** Called by every write that may change who owns a workflow, or whether it is running. */
  void forget() {
    checkedOwners.clear();
  }
}
