package dev.durable.internal.store.sqlite;

import dev.durable.DurableStoreException;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started markers of a store: a {@link StartedStepFile} per owner of this store, created on
 * first use; reading the files of other engines when their runs are taken over; moving markers into
 * the database as {@code STARTED} rows when a run changes hands; and deleting the files engines that
 * are gone left behind. Markers only label steps as re-executed, so a file that cannot be created,
 * read or deleted is reported and worked around, never fatal.
 */
final class StartedMarkers {
  private static final Logger log = LoggerFactory.getLogger(StartedMarkers.class);

  private final Path file;
  private final OwnerLiveness liveness;
  private final Predicate<String> ownsRunning;
  private final GroupCommitter committer;
  private final StepLog stepLog;
  private final PreparedStatement importStarted;
  private final Map<String, StartedStepFile> markerFiles = new ConcurrentHashMap<>();
  private volatile boolean markerFilesUnavailable;

  /**
   * @param file the database's absolute path
   * @param ownsRunning whether an owner holds a RUNNING run, on the read connection
   */
  StartedMarkers(Path file, OwnerLiveness liveness, Predicate<String> ownsRunning, GroupCommitter committer,
      StepLog stepLog, Connection writer) throws SQLException {
    this.file = file;
    this.liveness = liveness;
    this.ownsRunning = ownsRunning;
    this.committer = committer;
    this.stepLog = stepLog;
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
  }

  /**
   * Records in the file of {@code owner} that a step is about to run.
   *
   * @return false if the file cannot take it (none could be created, the marker is too large, or the
   *     file cannot grow): then the caller records it in the database
   */
  boolean mark(String workflowId, String owner, StepRecord step) {
    StartedStepFile markers = markerFile(owner);
    if (markers != null) {
      try {
        return markers.mark(workflowId, step);
      } catch (IOException e) {
        // Growing the file failed (a full disk?): this marker goes to the database, which says so if it fails too.
        log.warn("Could not grow {} ({}); recording the start of step '{}' in the database instead.",
            markers.path(), e.toString(), step.name());
      }
    }
    return false;
  }

  /** Forgets the marker of a step whose outcome is recorded. */
  void finished(String workflowId, String owner, String position) {
    StartedStepFile markers = markerFiles.get(owner);
    if (markers != null) {
      markers.clear(workflowId, position);
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

  /** The markers {@code startedBy} holds for one run: from memory if it is this store's engine, else from its file. */
  List<StepRecord> startedBy(String startedBy, String workflowId) {
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

  /** This store's markers for a run, to be moved into the database by a write that ends its ownership. */
  List<StepRecord> held(String workflowId, String owner) {
    StartedStepFile markers = markerFiles.get(owner);
    return markers == null ? List.of() : markers.markers(workflowId);
  }

  /** Forgets this store's markers of a run for {@code owner}, once they are in the database. */
  void clear(String workflowId, String owner) {
    StartedStepFile markers = markerFiles.get(owner);
    if (markers != null) {
      markers.clearAll(workflowId);
    }
  }

  /** Forgets this store's markers of a deleted run, whoever held them. */
  void clearAll(String workflowId) {
    markerFiles.keySet().forEach(owner -> clear(workflowId, owner));
  }

  /** Inside a write transaction: records {@code steps} as STARTED rows of the run {@code owner} holds. */
  void importInto(String workflowId, String owner, List<StepRecord> steps) throws SQLException {
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
  void deleteFileIfDone(String owner) {
    Path path = StartedStepFile.pathFor(file, owner);
    if (!Files.exists(path) || liveness.mayBeAlive(owner) || ownsRunning.test(owner)) {
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

  /**
   * At open: deletes the marker files that engines which are gone left behind (killed, or unable to
   * move them into the database when closing) once no running workflow names them as owner; and, in
   * shared memory, those of gone engines whose database no longer exists.
   */
  void deleteLeftovers() {
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
        deleteFileIfDone(contents.owner());
      } else if (contents.database() != null && !Files.exists(Path.of(contents.database()))
          && !liveness.mayBeAlive(contents.owner())) {
        deleteQuietly(path, "the started markers of an engine that is gone, for a database that is gone");
      }
    }
  }

  /** The marker files of engines on {@code database} that exist now. */
  static List<Path> files(Path database) {
    Path dir = StartedStepFile.directoryFor(database, StartedStepFile.SHARED_MEMORY);
    String prefix = StartedStepFile.prefixFor(database, StartedStepFile.SHARED_MEMORY);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    } catch (IOException e) {
      throw new DurableStoreException(database, "Cannot list " + dir + " for the marker files of " + database + ": " + e
          + ". Fix: check that directory's permissions.", e);
    }
  }

  /**
   * At close: moves the markers of runs still going (the engine is closed under them) into the
   * database and deletes this store's files.
   */
  void closeAll() {
    for (Map.Entry<String, StartedStepFile> e : markerFiles.entrySet()) {
      try {
        closeMarkerFile(e.getKey(), e.getValue());
      } catch (RuntimeException | IOException ex) {
        // The file stays, and the engine that takes its runs over reads the markers from it.
        log.warn("Could not move the started markers of {} into the database on close ({}); they stay in that file"
            + " for whichever engine resumes its runs.", e.getValue().path(), ex.toString());
      }
    }
  }

  private void closeMarkerFile(String owner, StartedStepFile markers) throws IOException {
    try {
      List<StartedStepFile.Marker> held = markers.all();
      if (!held.isEmpty()) {
        committer.submit("saving the started markers of " + owner, false, () -> {
          for (StartedStepFile.Marker m : held) {
            importInto(m.workflowId(), owner, List.of(m.step()));
          }
          return null;
        });
      }
    } finally {
      markers.close();
    }
    Files.deleteIfExists(markers.path());
  }
}
