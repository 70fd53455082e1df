package dev.durable.internal.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.durable.Durability;
import dev.durable.DurableStoreException;
import dev.durable.LeaseLostException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.RecordedStep;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store: WAL mode, one write connection behind a {@link GroupCommitter}, one read
 * connection for lookups. The engine's SQL is in this class and in the parts it delegates to
 * ({@link StepLog} for step records, {@link FenceCache} for the owner fence, {@link SqliteSchema});
 * every value is bound as a parameter, never concatenated.
 *
 * <p>Started markers live in a {@link StartedStepFile} per engine, not in the database, and move into
 * the database as {@code STARTED} rows when a run is released, finished or taken over by another
 * engine; a marker that does not fit there (or a file that cannot be created) is written to the
 * database directly, as an unsynced commit.
 */
public final class SqliteWorkflowStore implements WorkflowStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteWorkflowStore.class);
  /** SQLite's result code for a value over its length limit. */
  private static final int SQLITE_TOOBIG = 18;
  /** Parses histories; strings of any length, as a step may have stored a result of many megabytes. */
  private static final JsonFactory HISTORY_JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();
  private static final com.fasterxml.jackson.databind.ObjectMapper EXCLUDED_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String WORKFLOW_COLUMNS =
      "workflow_id, workflow_name, class_name, method, arguments_json, status, output_json, fingerprint,"
          + " owner, lease_expires_at, runs, created_at, updated_at, wake_at, cancel_requested, cancelled_at, parent_id,"
          + " waiting_for";

  private final Path file;
  private final SqliteErrors errors;
  private final Connection writer;
  private final Connection reader;
  private final GroupCommitter committer;
  private final OwnerLiveness liveness;
  private final Object readLock = new Object();
  private final Map<String, StartedStepFile> markerFiles = new ConcurrentHashMap<>();
  private volatile boolean markerFilesUnavailable;

  private final PreparedStatement selectWorkflowForWrite;
  private final PreparedStatement insertWorkflow;
  private final PreparedStatement takeOverWorkflow;
  private final PreparedStatement fence;
  private final StepLog stepLog;
  private final FenceCache fenceCache;
  /** Steps appended by this engine since its last fold (an estimate under contention, which is enough). */
  private final AtomicInteger appendedSinceFold = new AtomicInteger();
  private final PreparedStatement importStarted;
  private final PreparedStatement ownsRunning;
  private final PreparedStatement finishWorkflow;
  private final PreparedStatement reopenStep;
  private final PreparedStatement releaseWorkflow;
  private final PreparedStatement suspendWorkflow;
  private final PreparedStatement enqueueWorkflow;
  private final PreparedStatement requestCancel;
  private final PreparedStatement cancellationDelivered;
  private final PreparedStatement restartWorkflow;
  private final RunQueries queries;
  private final EventTable events;
  private final PreparedStatement renew;
  private final PreparedStatement deleteSteps;
  private final PreparedStatement deleteWorkflow;
  private final PreparedStatement selectWorkflow;
  private final PreparedStatement selectHistory;
  private final PreparedStatement selectReplayHistory;
  private final PreparedStatement selectUnfinished;

  private SqliteWorkflowStore(Path file, SqliteErrors errors, Connection writer, Connection reader, Durability durability,
      OwnerLiveness liveness) throws SQLException {
    this.file = file;
    this.errors = errors;
    this.writer = writer;
    this.reader = reader;
    this.liveness = liveness;
    this.fenceCache = new FenceCache(writer);
    this.committer = new GroupCommitter(writer, errors, durability == Durability.SURVIVES_POWER_LOSS, fenceCache);
    selectWorkflowForWrite = writer.prepareStatement("SELECT " + WORKFLOW_COLUMNS + " FROM durable_workflows WHERE workflow_id = ?");
    insertWorkflow = writer.prepareStatement(
        "INSERT INTO durable_workflows (" + WORKFLOW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'RUNNING', NULL, ?, ?, ?, 1, ?, ?,"
            + " NULL, 0, NULL, NULL, NULL)");
    takeOverWorkflow = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'RUNNING', output_json = NULL, owner = ?, lease_expires_at = ?,"
            + " runs = runs + 1, updated_at = ?, fingerprint = COALESCE(?, fingerprint), wake_at = NULL, waiting_for = NULL"
            + " WHERE workflow_id = ?");
    fence = writer.prepareStatement("SELECT owner, status FROM durable_workflows WHERE workflow_id = ?");
    stepLog = new StepLog(writer);
    // A marker from a file becomes a STARTED row unless the row already says more: an outcome, or a
    // later attempt. Fenced like every step write.
    importStarted = writer.prepareStatement(
        "INSERT INTO durable_steps (workflow_id, position, step_name, status, attempts, output_json, started_at, finished_at)"
            + " SELECT ?, ?, ?, 'STARTED', ?, NULL, ?, NULL WHERE EXISTS (SELECT 1 FROM durable_workflows"
            + " WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING')"
            + " ON CONFLICT (workflow_id, position) DO UPDATE SET"
            + " step_name = excluded.step_name, status = 'STARTED', attempts = excluded.attempts, output_json = NULL,"
            + " started_at = excluded.started_at, finished_at = NULL"
            + " WHERE durable_steps.status IN ('STARTED', 'REOPENED') AND durable_steps.attempts < excluded.attempts");
    ownsRunning = reader.prepareStatement("SELECT 1 FROM durable_workflows WHERE status = 'RUNNING' AND owner = ? LIMIT 1");
    finishWorkflow = writer.prepareStatement(
        "UPDATE durable_workflows SET status = ?, output_json = ?, owner = NULL, lease_expires_at = 0, updated_at = ?,"
            + " wake_at = NULL, waiting_for = NULL WHERE workflow_id = ?");
    reopenStep = writer.prepareStatement(
        "UPDATE durable_steps SET status = 'REOPENED' WHERE workflow_id = ? AND position = ? AND status = 'FAILED'");
    // Given back: PENDING, for any worker (at once, or after retryAt when an engine error stopped it).
    releaseWorkflow = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'PENDING', owner = NULL, lease_expires_at = 0, wake_at = ?, updated_at = ?"
            + " WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    suspendWorkflow = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'WAITING', owner = NULL, lease_expires_at = 0, wake_at = ?, updated_at = ?,"
            + " waiting_for = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    enqueueWorkflow = writer.prepareStatement(
        "INSERT INTO durable_workflows (" + WORKFLOW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'PENDING', NULL, ?, NULL, 0, 0, ?, ?,"
            + " NULL, 0, NULL, ?, NULL) ON CONFLICT (workflow_id) DO NOTHING");
    // A run nobody holds is due at once, so that a worker delivers the cancellation into its code.
    // Its children (and theirs) are cancelled with it: their results would go to nobody.
    requestCancel = writer.prepareStatement(
        "WITH RECURSIVE tree(id) AS (SELECT ?3 UNION SELECT w.workflow_id FROM durable_workflows w JOIN tree"
            + " ON w.parent_id = tree.id) UPDATE durable_workflows SET cancel_requested = 1, updated_at = ?1,"
            + " wake_at = CASE WHEN status IN ('PENDING', 'WAITING') AND cancelled_at IS NULL THEN ?2 ELSE wake_at END"
            + " WHERE workflow_id IN (SELECT id FROM tree) AND status IN ('PENDING', 'RUNNING', 'WAITING')");
    cancellationDelivered = writer.prepareStatement(
        "UPDATE durable_workflows SET cancelled_at = ? WHERE workflow_id = ? AND owner = ? AND status = 'RUNNING'");
    restartWorkflow = writer.prepareStatement(
        "UPDATE durable_workflows SET status = 'PENDING', output_json = NULL, wake_at = NULL, cancel_requested = 0,"
            + " cancelled_at = NULL, updated_at = ? WHERE workflow_id = ? AND status IN ('FAILED', 'CANCELLED')");
    renew = writer.prepareStatement(
        "UPDATE durable_workflows SET lease_expires_at = ? WHERE owner = ? AND status = 'RUNNING'");
    deleteSteps = writer.prepareStatement("DELETE FROM durable_steps WHERE workflow_id = ?");
    deleteWorkflow = writer.prepareStatement("DELETE FROM durable_workflows WHERE workflow_id = ?");
    selectWorkflow = reader.prepareStatement("SELECT " + WORKFLOW_COLUMNS + " FROM durable_workflows WHERE workflow_id = ?");
    // One query, so one snapshot, over both places a step record can be: folded (seq 0) and logged (its rowid).
    String bothPlaces = "SELECT position, step_name, status, attempts, output_json, started_at, finished_at, 0 AS seq"
        + " FROM durable_steps WHERE workflow_id = ?1 UNION ALL SELECT position, step_name, status, attempts, output_json,"
        + " started_at, finished_at, rowid FROM durable_step_log WHERE workflow_id = ?1";
    // Folded rows (seq 0) first, then the log's in log order, the order StepLog.latest applies them in.
    selectHistory = reader.prepareStatement(bothPlaces + " ORDER BY seq");
    // Replay's view: both places again, one snapshot (one statement), each as one JSON array built
    // by SQLite, the log's in log order. No timestamps: converting them cost a third of the query.
    String replayRow = "json_array(position, step_name, status, attempts, output_json)";
    selectReplayHistory = reader.prepareStatement(
        "SELECT (SELECT json_group_array(" + replayRow + ") FROM durable_steps WHERE workflow_id = ?1),"
            + " (SELECT json_group_array(" + replayRow + " ORDER BY rowid) FROM durable_step_log WHERE workflow_id = ?1)");
    selectUnfinished = reader.prepareStatement("SELECT " + WORKFLOW_COLUMNS + " FROM durable_workflows"
        + " WHERE status IN ('PENDING', 'RUNNING', 'WAITING') ORDER BY created_at, workflow_id");
    queries = new RunQueries(reader, WORKFLOW_COLUMNS, SqliteWorkflowStore::workflow);
    events = new EventTable(writer, reader);
  }

  /**
   * Opens (creating if missing) the database at {@code file}, after checking that it is a Durable
   * database this version understands; migrates an older schema in place, in one transaction.
   *
   * @param shareAllowed whether a file holding another application's tables may be used
   * @param liveness tells which engines are gone: whose runs may be claimed or deleted, and whose
   *     leftover marker files may be deleted
   */
  public static SqliteWorkflowStore open(
      Path file, Durability durability, Duration lockTimeout, boolean shareAllowed, OwnerLiveness liveness) {
    Path absolute = file.toAbsolutePath();
    SqliteErrors errors = new SqliteErrors(absolute, lockTimeout);
    SqliteFileCheck.checkHeader(absolute);
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new DurableStoreException(absolute, "Cannot create the directory of Durable database " + absolute + ": " + e + ". Fix: check the path and its permissions.", e);
    }
    Connection writer = null;
    Connection reader = null;
    try {
      writer = connect(absolute, lockTimeout, errors);
      SqliteFileCheck check = SqliteFileCheck.inspect(absolute, writer, shareAllowed, errors);
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      migrate(writer, check);
      reader = connect(absolute, lockTimeout, errors);
      SqliteWorkflowStore store = new SqliteWorkflowStore(absolute, errors, writer, reader, durability, liveness);
      store.deleteLeftoverMarkerFiles();
      // Rows an engine logged before it was killed: folding them now keeps the log short.
      store.foldStepLog();
      return store;
    } catch (SQLException e) {
      DurableStoreException error = errors.translate("opening the database", e);
      closeAfter(error, reader, writer);
      throw error;
    } catch (RuntimeException e) {
      closeAfter(e, reader, writer);
      throw e;
    }
  }

  private static Connection connect(Path file, Duration lockTimeout, SqliteErrors errors) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", Long.toString(lockTimeout.toMillis()));
    // sqlite-jdbc otherwise runs "SELECT last_insert_rowid()" as a separate statement after every
    // INSERT, for getGeneratedKeys(), which the engine never calls: a quarter of a step's SQL time.
    p.setProperty("jdbc.get_generated_keys", "false");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, p);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + lockTimeout.toMillis());
    }
    return c;
  }

  private static void migrate(Connection c, SqliteFileCheck check) throws SQLException {
    if (check.state() == SqliteFileCheck.State.DURABLE && check.version() == SqliteSchema.CURRENT_VERSION) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        // Re-read inside the write transaction: another process may have created or migrated it meanwhile.
        int version = 0;
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'durable_schema'")) {
          if (rs.next() && rs.getInt(1) == 1) {
            try (ResultSet v = s.executeQuery("SELECT version FROM durable_schema")) {
              version = v.next() ? v.getInt(1) : 0;
            }
          }
        }
        if (version < SqliteSchema.CURRENT_VERSION) {
          if (version == 0 && check.state() == SqliteFileCheck.State.NEW) {
            s.execute("PRAGMA application_id = " + SqliteSchema.APPLICATION_ID);
          }
          SqliteSchema.migrate(c, version);
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }

  private static void closeAfter(Exception error, Connection... connections) {
    for (Connection c : connections) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          error.addSuppressed(e);
        }
      }
    }
  }

  @Override
  public Optional<WorkflowRecord> find(String workflowId) {
    synchronized (readLock) {
      try {
        selectWorkflow.setString(1, workflowId);
        try (ResultSet rs = selectWorkflow.executeQuery()) {
          return rs.next() ? Optional.of(workflow(rs)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw errors.translate("reading workflow '" + workflowId + "'", e);
      }
    }
  }

  @Override
  public Claim claim(NewWorkflow w, String owner, long now, long leaseExpiresAt, boolean mayStart) {
    String[] previousOwner = {null};
    Claim claim = committer.submit("starting workflow '" + w.workflowId() + "'", false, () -> {
      fenceCache.forget();
      previousOwner[0] = null;
      WorkflowRecord existing = readForWrite(w.workflowId());
      if (existing == null && !mayStart) {
        return new Claim(Claim.Kind.ABSENT, null);
      }
      if (existing == null) {
        bindCall(insertWorkflow, w);
        insertWorkflow.setString(7, owner);
        insertWorkflow.setLong(8, leaseExpiresAt);
        insertWorkflow.setLong(9, now);
        insertWorkflow.setLong(10, now);
        insertWorkflow.executeUpdate();
        return new Claim(Claim.Kind.STARTED, readForWrite(w.workflowId()));
      }
      switch (existing.status()) {
        case COMPLETED:
          return new Claim(Claim.Kind.COMPLETED, existing);
        case CANCELLED:
          return new Claim(Claim.Kind.CANCELLED, existing);
        case RUNNING:
          if (liveness.heldByAnother(existing, owner, now)) {
            return new Claim(Claim.Kind.BUSY, existing);
          }
          break;
        case WAITING:
          if (existing.wakeAt() > now + WAKE_EARLY_MILLIS && !WorkflowStore.cancellationDue(existing)) {
            return new Claim(Claim.Kind.WAITING, existing);
          }
          break;
        case PENDING:
        case FAILED:
          break;
      }
      takeOverWorkflow.setString(1, owner);
      takeOverWorkflow.setLong(2, leaseExpiresAt);
      takeOverWorkflow.setLong(3, now);
      takeOverWorkflow.setString(4, w.fingerprint());
      takeOverWorkflow.setString(5, w.workflowId());
      takeOverWorkflow.executeUpdate();
      if (existing.status() == WorkflowStatus.RUNNING && existing.owner() != null) {
        // Steps the previous owner had started when it died (or lost its lease) are recorded now, so
        // that they are reported as re-executed whoever resumes the run next.
        previousOwner[0] = existing.owner();
        importMarkers(w.workflowId(), owner, startedBy(existing.owner(), w.workflowId()));
      }
      // A run recorded by start() and never run has no history: it starts here.
      return new Claim(existing.runs() == 0 ? Claim.Kind.STARTED : Claim.Kind.RESUMED, readForWrite(w.workflowId()));
    });
    if (previousOwner[0] != null && !previousOwner[0].equals(owner)) {
      deleteMarkerFileIfDone(previousOwner[0]);
    }
    return claim;
  }

  @Override
  public List<StepRecord> startedSteps(String workflowId, String owner) {
    return startedBy(owner, workflowId);
  }

  /** The markers {@code startedBy} holds for one run: from memory if it is this store's engine, else from its file. */
  private List<StepRecord> startedBy(String startedBy, String workflowId) {
    StartedStepFile own = markerFiles.get(startedBy);
    if (own != null) {
      return own.markers(workflowId);
    }
    Path path = StartedStepFile.pathFor(file, startedBy);
    if (!Files.exists(path)) {
      return List.of();
    }
    try {
      List<StepRecord> steps = new ArrayList<>();
      for (StartedStepFile.Marker m : StartedStepFile.read(path).markers()) {
        if (m.workflowId().equals(workflowId)) {
          steps.add(m.step());
        }
      }
      return steps;
    } catch (IOException e) {
      // Markers only label steps as re-executed; losing them must not stop the run from resuming.
      log.warn("Could not read the started markers of {} for workflow '{}' ({}); a step it was running when it"
          + " stopped will be reported as executed, not re-executed.", path, workflowId, e.toString());
      return List.of();
    }
  }

  private void importMarkers(String workflowId, String owner, List<StepRecord> steps) throws SQLException {
    if (steps.isEmpty()) {
      return;
    }
    // The condition below compares with the step's latest record, which may still be in the log.
    stepLog.fold();
    for (StepRecord step : steps) {
      importStarted.setString(1, workflowId);
      importStarted.setString(2, step.position());
      importStarted.setString(3, step.name());
      importStarted.setInt(4, step.attempts());
      importStarted.setLong(5, step.startedAt());
      importStarted.setString(6, workflowId);
      importStarted.setString(7, owner);
      importStarted.executeUpdate();
    }
  }

  /** Deletes the marker file of an engine that is gone and owns no running workflow any more. */
  private void deleteMarkerFileIfDone(String owner) {
    Path path = StartedStepFile.pathFor(file, owner);
    if (!Files.exists(path) || liveness.mayBeAlive(owner) || ownsRunningWorkflow(owner)) {
      return;
    }
    deleteQuietly(path, "the started markers of an engine that is gone");
  }

  private static void deleteIfAbandoned(Path path) {
    try {
      Instant modified = Files.getLastModifiedTime(path).toInstant();
      if (modified.isBefore(Instant.now().minus(StartedStepFile.ABANDONED_WITHOUT_HEADER))) {
        deleteQuietly(path, "a marker file whose creator stopped before writing its header");
      }
    } catch (NoSuchFileException e) {
      // Deleted meanwhile by another engine: nothing left to do.
    } catch (IOException e) {
      log.warn("Could not check the age of {}, a marker file without a header ({}); it is harmless and is checked"
          + " again when an engine next opens the database.", path, e.toString());
    }
  }

  private static void deleteQuietly(Path path, String what) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("Could not delete {}, {} ({}); it is harmless and is tried again when an engine next opens the"
          + " database.", path, what, e.toString());
    }
  }

  private boolean ownsRunningWorkflow(String owner) {
    synchronized (readLock) {
      try {
        ownsRunning.setString(1, owner);
        try (ResultSet rs = ownsRunning.executeQuery()) {
          return rs.next();
        }
      } catch (SQLException e) {
        throw errors.translate("looking up the workflows of " + owner, e);
      }
    }
  }

  /**
   * At open: deletes the marker files that engines which are gone left behind (killed, or unable to
   * move them into the database when closing) once no running workflow names them as owner; and, in
   * shared memory, those of gone engines whose database no longer exists.
   */
  private void deleteLeftoverMarkerFiles() {
    Path dir = StartedStepFile.directoryFor(file, StartedStepFile.SHARED_MEMORY);
    String prefix = StartedStepFile.prefixFor(file, StartedStepFile.SHARED_MEMORY);
    boolean shared = dir.equals(StartedStepFile.SHARED_MEMORY);
    List<Path> candidates;
    try (Stream<Path> files = Files.list(dir)) {
      candidates = files.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(prefix)
            || (shared && name.startsWith(StartedStepFile.SHARED_PREFIX) && name.contains(StartedStepFile.SUFFIX_PREFIX));
      }).toList();
    } catch (IOException e) {
      log.warn("Could not list {} to delete leftover marker files ({}); they are harmless.", dir, e.toString());
      return;
    }
    for (Path path : candidates) {
      StartedStepFile.Contents contents;
      try {
        contents = StartedStepFile.read(path);
      } catch (IOException e) {
        // Deleted meanwhile by another engine, or unreadable: either way not ours to decide now.
        continue;
      }
      if (contents.owner() == null) {
        // No header, so no owner to ask about: created a minute ago and still without one, its
        // creator was killed between creating it and writing the header (or /dev/shm filled up).
        deleteIfAbandoned(path);
        continue;
      }
      if (path.getFileName().toString().startsWith(prefix)) {
        deleteMarkerFileIfDone(contents.owner());
      } else if (contents.database() != null && !Files.exists(Path.of(contents.database()))
          && !liveness.mayBeAlive(contents.owner())) {
        deleteQuietly(path, "the started markers of an engine that is gone, for a database that is gone");
      }
    }
  }

  /** The marker files of engines on {@code database} that exist now, for diagnostics and tests. */
  public static List<Path> markerFiles(Path database) {
    Path dir = StartedStepFile.directoryFor(database, StartedStepFile.SHARED_MEMORY);
    String prefix = StartedStepFile.prefixFor(database, StartedStepFile.SHARED_MEMORY);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    } catch (IOException e) {
      throw new DurableStoreException(database, "Cannot list " + dir + " for the marker files of " + database + ": " + e
          + ". Fix: check that directory's permissions.", e);
    }
  }

  /** The marker file of {@code owner}, created on first use; null if none can be created. */
  private StartedStepFile markerFile(String owner) {
    StartedStepFile markers = markerFiles.get(owner);
    if (markers != null || markerFilesUnavailable) {
      return markers;
    }
    synchronized (markerFiles) {
      markers = markerFiles.get(owner);
      if (markers == null && !markerFilesUnavailable) {
        try {
          markers = StartedStepFile.create(file, owner);
          markerFiles.put(owner, markers);
        } catch (IOException e) {
          markerFilesUnavailable = true;
          log.warn("Cannot create the started-marker file {} ({}); started markers are written to the database"
              + " instead, as unsynced commits, which makes each step slower.", StartedStepFile.pathFor(file, owner),
              e.toString());
        }
      }
      return markers;
    }
  }

  private WorkflowRecord readForWrite(String workflowId) throws SQLException {
    selectWorkflowForWrite.setString(1, workflowId);
    try (ResultSet rs = selectWorkflowForWrite.executeQuery()) {
      return rs.next() ? workflow(rs) : null;
    }
  }

  @Override
  public List<StepRecord> history(String workflowId) {
    synchronized (readLock) {
      try {
        selectHistory.setString(1, workflowId);
        List<StepRecord> folded = new ArrayList<>();
        List<StepRecord> logged = new ArrayList<>();
        try (ResultSet rs = selectHistory.executeQuery()) {
          while (rs.next()) {
            long finished = rs.getLong(7);
            // wasNull() speaks of the column read last, so it is asked right after column 7.
            Long finishedAt = rs.wasNull() ? null : finished;
            StepRecord step = new StepRecord(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)),
                rs.getInt(4), rs.getString(5), rs.getLong(6), finishedAt);
            long seq = rs.getLong(8);
            if (seq == 0) {
              folded.add(step);
            } else {
              logged.add(step);
            }
          }
        }
        return StepLog.latest(folded, logged, StepRecord::position);
      } catch (SQLException e) {
        throw errors.translate("loading the history of workflow '" + workflowId + "'", e);
      }
    }
  }

  /**
   * The history as two JSON arrays built by SQLite (folded rows, logged rows). Reading it row by row,
   * as {@link #history} does, costs seven JNI calls per row and was most of the cost of replaying a
   * long workflow; one value per place and a streaming parse take less than half the time. A history
   * over SQLite's limit for one value (1 GB) is read row by row instead.
   */
  @Override
  public List<RecordedStep> replayHistory(String workflowId) {
    synchronized (readLock) {
      String folded;
      String logged;
      try {
        selectReplayHistory.setString(1, workflowId);
        try (ResultSet rs = selectReplayHistory.executeQuery()) {
          rs.next();
          folded = rs.getString(1);
          logged = rs.getString(2);
        }
      } catch (SQLException e) {
        if (e.getErrorCode() == SQLITE_TOOBIG) {
          return history(workflowId).stream().map(RecordedStep::of).toList();
        }
        throw errors.translate("loading the history of workflow '" + workflowId + "'", e);
      }
      return StepLog.latest(recordedSteps(workflowId, folded), recordedSteps(workflowId, logged), RecordedStep::position);
    }
  }

  /** Parses one array of {@link #selectReplayHistory}: {@code [[position, name, status, attempts, output], ...]}. */
  private List<RecordedStep> recordedSteps(String workflowId, String json) {
    List<RecordedStep> steps = new ArrayList<>();
    String previousName = null;
    try (JsonParser p = HISTORY_JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.START_ARRAY) {
        String position = text(p);
        String name = text(p);
        // Consecutive rows mostly share a name; one instance for all keeps long histories small.
        name = name.equals(previousName) ? previousName : name;
        previousName = name;
        StepStatus status = StepStatus.valueOf(text(p));
        p.nextToken();
        int attempts = p.getIntValue();
        String output = text(p);
        p.nextToken();
        steps.add(new RecordedStep(position, name, status, attempts, output));
      }
    } catch (IOException | RuntimeException e) {
      throw errors.translate("loading the history of workflow '" + workflowId + "'",
          new SQLException("it came back from SQLite as unreadable JSON: " + e, e));
    }
    return steps;
  }

  private static String text(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
  }

  @Override
  public void stepStarted(String workflowId, String owner, StepRecord step) {
    StartedStepFile markers = markerFile(owner);
    if (markers != null) {
      try {
        if (markers.mark(workflowId, step)) {
          return;
        }
      } catch (IOException e) {
        // Growing the file failed (a full disk?): this marker goes to the database, which says so if it fails too.
        log.warn("Could not grow {} ({}); recording the start of step '{}' in the database instead.",
            markers.path(), e.toString(), step.name());
      }
    }
    writeStep(() -> "recording the start of step '" + step.name() + "' of workflow '" + workflowId + "'", false,
        workflowId, owner, step);
  }

  @Override
  public void stepFinished(String workflowId, String owner, StepRecord step) {
    writeStep(() -> "recording the outcome of step '" + step.name() + "' of workflow '" + workflowId + "'", true,
        workflowId, owner, step);
    StartedStepFile markers = markerFiles.get(owner);
    if (markers != null) {
      markers.clear(workflowId, step.position());
    }
  }

  /** This engine's markers for a run, to be moved into the database by a write that ends its ownership. */
  private List<StepRecord> heldMarkers(String workflowId, String owner) {
    StartedStepFile markers = markerFiles.get(owner);
    return markers == null ? List.of() : markers.markers(workflowId);
  }

  private void clearMarkers(String workflowId, String owner) {
    StartedStepFile markers = markerFiles.get(owner);
    if (markers != null) {
      markers.clearAll(workflowId);
    }
  }

  private void writeStep(
      Supplier<String> action, boolean durable, String workflowId, String owner, StepRecord step) {
    committer.submitOneStatement(action, durable, () -> {
      boolean checked = fenceCache.owns(workflowId, owner);
      if (stepLog.append(workflowId, owner, step, !checked) == 0) {
        checkOwner(workflowId, owner);
        throw new IllegalStateException("step of workflow '" + workflowId + "' not written although " + owner + " owns it");
      }
      if (!checked) {
        fenceCache.checked(workflowId, owner);
      }
      return null;
    });
    int appended = appendedSinceFold.incrementAndGet();
    if (appended >= StepLog.FOLD_EVERY && appendedSinceFold.compareAndSet(appended, 0)) {
      foldAfterStep();
    }
  }

  /**
   * Folds the log once this engine has appended {@link StepLog#FOLD_EVERY} steps; the step that
   * triggered it is committed already, so a failed fold is reported and tried again later, not
   * turned into a failure of that step.
   */
  private void foldAfterStep() {
    try {
      foldStepLog();
    } catch (DurableStoreException e) {
      log.warn("Could not fold the step log of {} ({}); its rows stay valid where they are, and the fold is tried"
          + " again after the next {} steps.", file, e.getMessage(), StepLog.FOLD_EVERY, e);
    }
  }

  /** Folds the step log in a transaction of its own, unsynced (see {@link StepLog#fold}). */
  private void foldStepLog() {
    committer.submit("folding the step log into durable_steps", false, () -> {
      stepLog.fold();
      return null;
    });
  }

  /** The fence: only the engine that owns a running workflow may write to it. */
  private void checkOwner(String workflowId, String owner) throws SQLException {
    fence.setString(1, workflowId);
    try (ResultSet rs = fence.executeQuery()) {
      if (!rs.next()) {
        throw new LeaseLostException("Workflow '" + workflowId + "' was deleted from " + file
            + " while this engine ran it; nothing more is recorded for it.");
      }
      String current = rs.getString(1);
      if (!owner.equals(current) || !"RUNNING".equals(rs.getString(2))) {
        throw new LeaseLostException("This engine (" + owner + ") no longer owns workflow '" + workflowId + "'"
            + (current == null ? "" : "; " + current + " does") + ", because its lease expired (a pause longer"
            + " than the lease duration?). Its result was not recorded; the current owner's history stands."
            + " Fix: nothing to repair; raise leaseDuration if pauses this long are expected.");
      }
    }
  }

  @Override
  public void workflowFinished(
      String workflowId, String owner, WorkflowStatus outcome, String outputJson, List<String> reopen, long now) {
    List<StepRecord> held = heldMarkers(workflowId, owner);
    committer.submit("recording the outcome of workflow '" + workflowId + "'", true, () -> {
      fenceCache.forget();
      checkOwner(workflowId, owner);
      importMarkers(workflowId, owner, held);
      if (!reopen.isEmpty()) {
        // The FAILED records to reopen may still be in the log.
        stepLog.fold();
      }
      for (String position : reopen) {
        reopenStep.setString(1, workflowId);
        reopenStep.setString(2, position);
        reopenStep.executeUpdate();
      }
      finishWorkflow.setString(1, outcome.name());
      finishWorkflow.setString(2, outputJson);
      finishWorkflow.setLong(3, now);
      finishWorkflow.setString(4, workflowId);
      finishWorkflow.executeUpdate();
      WorkflowRecord finished = readForWrite(workflowId);
      if (finished != null && finished.parentId() != null) {
        events.wake(finished.parentId(), WaitKeys.child(workflowId), now);
      }
      return null;
    });
    clearMarkers(workflowId, owner);
  }

  @Override
  public void release(String workflowId, String owner, long retryAt, long now) {
    giveBack(releaseWorkflow, "releasing workflow '" + workflowId + "'", workflowId, owner, retryAt, now);
  }

  @Override
  public long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) {
    List<StepRecord> held = heldMarkers(workflowId, owner);
    long due = committer.submit("suspending workflow '" + workflowId + "'", false, () -> {
      fenceCache.forget();
      importMarkers(workflowId, owner, held);
      // What it waits for may have come while it ran: then it is due now, or nothing would wake it.
      long at = arrived(workflowId, waitingFor) ? now : wakeAt;
      suspendWorkflow.setLong(1, at);
      suspendWorkflow.setLong(2, now);
      suspendWorkflow.setString(3, WaitKeys.toJson(waitingFor));
      suspendWorkflow.setString(4, workflowId);
      suspendWorkflow.setString(5, owner);
      if (suspendWorkflow.executeUpdate() == 0) {
        checkOwner(workflowId, owner);
      }
      return at;
    });
    clearMarkers(workflowId, owner);
    return due;
  }

  /** Inside a write transaction: whether an awaited event is stored or an awaited child has finished. */
  private boolean arrived(String workflowId, List<String> waitingFor) throws SQLException {
    for (String key : waitingFor) {
      String event = WaitKeys.eventName(key);
      if (event != null && events.pending(workflowId, event)) {
        return true;
      }
      String child = WaitKeys.childId(key);
      if (child != null) {
        WorkflowRecord c = readForWrite(child);
        if (c == null || c.status().isFinished()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Ends this engine's hold on a run that stays unfinished; its markers move into the database first. */
  private void giveBack(PreparedStatement update, String action, String workflowId, String owner, long at, long now) {
    List<StepRecord> held = heldMarkers(workflowId, owner);
    committer.submit(action, false, () -> {
      fenceCache.forget();
      importMarkers(workflowId, owner, held);
      if (at > 0) {
        update.setLong(1, at);
      } else {
        update.setNull(1, java.sql.Types.INTEGER);
      }
      update.setLong(2, now);
      update.setString(3, workflowId);
      update.setString(4, owner);
      if (update.executeUpdate() == 0) {
        checkOwner(workflowId, owner);
      }
      return null;
    });
    clearMarkers(workflowId, owner);
  }

  /** Binds the call a new run records (id, name, class, method, arguments, fingerprint) as parameters 1 to 6. */
  private static void bindCall(PreparedStatement insert, NewWorkflow w) throws SQLException {
    insert.setString(1, w.workflowId());
    insert.setString(2, w.workflowName());
    insert.setString(3, w.className());
    insert.setString(4, w.method());
    insert.setString(5, w.argumentsJson());
    insert.setString(6, w.fingerprint());
  }

  @Override
  public WorkflowRecord enqueue(NewWorkflow w, long now) {
    return committer.submit("recording the start of workflow '" + w.workflowId() + "'", true, () -> {
      return insertPending(w, null, now);
    });
  }

  /** Records {@code w} PENDING unless its id exists; returns the run stored under the id. */
  private WorkflowRecord insertPending(NewWorkflow w, String parentId, long now) throws SQLException {
    bindCall(enqueueWorkflow, w);
    enqueueWorkflow.setLong(7, now);
    enqueueWorkflow.setLong(8, now);
    enqueueWorkflow.setString(9, parentId);
    enqueueWorkflow.executeUpdate();
    return readForWrite(w.workflowId());
  }

  @Override
  public EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType, long now) {
    return committer.submit("storing event '" + name + "' for workflow '" + workflowId + "'", true,
        () -> storeEvent(workflowId, name, payloadJson, payloadType, now));
  }

  @Override
  public EventDelivery enqueueWithEvent(NewWorkflow w, String name, String payloadJson, String payloadType, long now) {
    return committer.submit("starting workflow '" + w.workflowId() + "' with event '" + name + "'", true, () -> {
      insertPending(w, null, now);
      return storeEvent(w.workflowId(), name, payloadJson, payloadType, now);
    });
  }

  @Override
  public EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId, String name,
      String payloadJson, String payloadType, long now) {
    return committer.submit("sending event '" + name + "' from workflow '" + senderId + "' to '" + targetId + "'", true,
        () -> {
          fenceCache.forget();
          checkOwner(senderId, owner);
          EventDelivery delivery = storeEvent(targetId, name, payloadJson, payloadType, now);
          if (delivery.stored()) {
            stepLog.append(senderId, owner, sendStep, false);
          }
          return delivery;
        });
  }

  /** Inside a write transaction: stores the event if its run exists and has not completed, and wakes it. */
  private EventDelivery storeEvent(String workflowId, String name, String payloadJson, String payloadType, long now)
      throws SQLException {
    WorkflowRecord target = readForWrite(workflowId);
    if (target == null || target.status() == WorkflowStatus.COMPLETED) {
      return new EventDelivery(target, false, false);
    }
    events.insert(workflowId, name, payloadJson, payloadType, now);
    boolean woken = events.wake(workflowId, WaitKeys.event(name), now);
    return new EventDelivery(woken ? readForWrite(workflowId) : target, true, woken);
  }

  @Override
  public Optional<StoredEvent> nextEvent(String workflowId, String name) {
    synchronized (readLock) {
      try {
        return events.oldest(workflowId, name);
      } catch (SQLException e) {
        throw errors.translate("reading the events of workflow '" + workflowId + "'", e);
      }
    }
  }

  @Override
  public boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step) {
    return committer.submit("consuming event '" + step.name() + "' of workflow '" + workflowId + "'", true, () -> {
      fenceCache.forget();
      checkOwner(workflowId, owner);
      if (!events.consume(seq, step.position())) {
        return false;
      }
      stepLog.append(workflowId, owner, step, false);
      return true;
    });
  }

  @Override
  public List<StoredEvent> events(String workflowId) {
    synchronized (readLock) {
      try {
        return events.all(workflowId);
      } catch (SQLException e) {
        throw errors.translate("reading the events of workflow '" + workflowId + "'", e);
      }
    }
  }

  @Override
  public WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child, long now) {
    return committer.submit("starting child workflow '" + child.workflowId() + "' of '" + parentId + "'", true, () -> {
      fenceCache.forget();
      checkOwner(parentId, owner);
      WorkflowRecord stored = insertPending(child, parentId, now);
      stepLog.append(parentId, owner, startStep, false);
      return stored;
    });
  }

  @Override
  public Optional<WorkflowRecord> requestCancel(String workflowId, long now) {
    return committer.submit("recording the cancellation of workflow '" + workflowId + "'", true, () -> {
      requestCancel.setLong(1, now);
      requestCancel.setLong(2, now);
      requestCancel.setString(3, workflowId);
      requestCancel.executeUpdate();
      return Optional.ofNullable(readForWrite(workflowId));
    });
  }

  @Override
  public void cancellationDelivered(String workflowId, String owner, String position) {
    committer.submit("recording where workflow '" + workflowId + "' was cancelled", true, () -> {
      cancellationDelivered.setString(1, position);
      cancellationDelivered.setString(2, workflowId);
      cancellationDelivered.setString(3, owner);
      if (cancellationDelivered.executeUpdate() == 0) {
        checkOwner(workflowId, owner);
      }
      return null;
    });
  }

  @Override
  public Optional<WorkflowRecord> restart(String workflowId, long now) {
    return committer.submit("starting workflow '" + workflowId + "' again", true, () -> {
      restartWorkflow.setLong(1, now);
      restartWorkflow.setString(2, workflowId);
      restartWorkflow.executeUpdate();
      return Optional.ofNullable(readForWrite(workflowId));
    });
  }

  @Override
  public List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) {
    synchronized (readLock) {
      try {
        return queries.list(status, workflowName, createdSince, limit);
      } catch (SQLException e) {
        throw errors.translate("listing workflows", e);
      }
    }
  }

  @Override
  public List<WorkflowRecord> ready(long now, long dueBefore, int limit, Set<String> excluded) {
    String excludedJson;
    try {
      excludedJson = EXCLUDED_JSON.writeValueAsString(excluded);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a set of strings always writes as JSON", e);
    }
    synchronized (readLock) {
      try {
        return queries.ready(dueBefore, limit, now, liveness, excludedJson);
      } catch (SQLException e) {
        throw errors.translate("looking for workflows ready to run", e);
      }
    }
  }

  @Override
  public List<String> cancelRequested(String owner) {
    synchronized (readLock) {
      try {
        return queries.cancelRequested(owner);
      } catch (SQLException e) {
        throw errors.translate("looking for cancellations of the workflows of " + owner, e);
      }
    }
  }

  @Override
  public void renewLeases(String owner, long leaseExpiresAt) {
    committer.submit("renewing the leases of " + owner, false, () -> {
      renew.setLong(1, leaseExpiresAt);
      renew.setString(2, owner);
      renew.executeUpdate();
      return null;
    });
  }

  @Override
  public List<WorkflowRecord> unfinished() {
    synchronized (readLock) {
      try (ResultSet rs = selectUnfinished.executeQuery()) {
        List<WorkflowRecord> result = new ArrayList<>();
        while (rs.next()) {
          result.add(workflow(rs));
        }
        return result;
      } catch (SQLException e) {
        throw errors.translate("listing unfinished workflows", e);
      }
    }
  }

  @Override
  public Deletion delete(String workflowId, String asker, long now) {
    Deletion deletion = committer.submit("deleting workflow '" + workflowId + "'", true, () -> {
      // Decided here, under the write lock: checked on the read connection first, a claim by
      // another engine could land between the check and the deletion (issue 20 C).
      WorkflowRecord existing = readForWrite(workflowId);
      if (existing == null) {
        return new Deletion(false, null);
      }
      if (liveness.heldByAnother(existing, asker, now)) {
        return new Deletion(true, existing.owner());
      }
      fenceCache.forget();
      stepLog.delete(workflowId);
      deleteSteps.setString(1, workflowId);
      deleteSteps.executeUpdate();
      deleteWorkflow.setString(1, workflowId);
      deleteWorkflow.executeUpdate();
      events.delete(workflowId);
      return new Deletion(true, null);
    });
    if (deletion.deleted()) {
      markerFiles.keySet().forEach(owner -> clearMarkers(workflowId, owner));
    }
    return deletion;
  }

  /** How many transactions the store has committed so far, for diagnostics and the benchmark. */
  public long commits() {
    return committer.commits();
  }

  @Override
  public Path location() {
    return file;
  }

  @Override
  public void close() {
    DurableStoreException failure = null;
    for (Map.Entry<String, StartedStepFile> e : markerFiles.entrySet()) {
      try {
        closeMarkerFile(e.getKey(), e.getValue());
      } catch (RuntimeException | IOException ex) {
        // The file stays, and the engine that takes its runs over reads the markers from it.
        log.warn("Could not move the started markers of {} into the database on close ({}); they stay in that file"
            + " for whichever engine resumes its runs.", e.getValue().path(), ex.toString());
      }
    }
    try {
      foldStepLog();
    } catch (DurableStoreException e) {
      log.warn("Could not fold the step log of {} on close ({}); its rows stay valid in the log and are folded"
          + " when an engine next opens the database.", file, e.getMessage(), e);
    }
    try {
      committer.exclusive(() -> {
        committer.close();
        return null;
      });
    } catch (SQLException e) {
      failure = errors.translate("closing the database", e);
    }
    for (Connection c : List.of(reader, writer)) {
      try {
        c.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = errors.translate("closing the database", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Moves the markers of runs still going (the engine is closed under them) into the database, then deletes the file. */
  private void closeMarkerFile(String owner, StartedStepFile markers) throws IOException {
    try {
      List<StartedStepFile.Marker> held = markers.all();
      if (!held.isEmpty()) {
        committer.submit("saving the started markers of " + owner, false, () -> {
          for (StartedStepFile.Marker m : held) {
            importMarkers(m.workflowId(), owner, List.of(m.step()));
          }
          return null;
        });
      }
    } finally {
      markers.close();
    }
    Files.deleteIfExists(markers.path());
  }

  private static WorkflowRecord workflow(ResultSet rs) throws SQLException {
    return new WorkflowRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        WorkflowStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
        rs.getInt(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getInt(15) != 0, rs.getString(16),
        rs.getString(17), WaitKeys.fromJson(rs.getString(18)));
  }
}
