package dev.durable.internal.store.sqlite;

import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The started markers of one engine: which steps it has started and not yet finished, kept in a
 * memory-mapped file instead of in a SQLite transaction.
 *
 * <p>Why a file: a started marker must reach the operating system before the step body runs, so
 * that a crash in the body is seen on resume (the step is reported re-executed, as attempt 2). As a
 * SQLite write it cost a whole transaction per step, and under concurrency it queued for the write
 * lock behind other steps' syncs, which halved the steps a group commit could make durable. A store
 * into a shared mapping costs a few hundred nanoseconds and survives the process being killed,
 * because the page belongs to the kernel's page cache, not to the process. It does not survive power
 * loss, which is the promise markers always had: they are never synced.
 *
 * <p>Where: in {@code /dev/shm} (a RAM file system) where there is one, else beside the database.
 * Markers need what a RAM file system gives, surviving the process but not the machine, and on a
 * journaling file system a mapped page costs more: the journal commit that each of the database's
 * syncs triggers writes the page back, so the next store into it faults into the file system again
 * (about 0.4 extra page faults and 8 to 10 µs per step on ext4 here, measured by perf and row 1 of
 * the benchmark). A file in {@code /dev/shm} names the database's real path (by a hash, and in its
 * header), so every engine on the host finds it, and one whose database is gone can be deleted.
 *
 * <p>Lifecycle: one file per engine, named after its owner string and deleted when it closes.
 * Markers move into the database as {@code STARTED} rows when a run is released or taken over (see
 * {@link SqliteWorkflowStore}), so the file matters only until then; the file of a dead engine is
 * deleted once no running workflow names it as owner. (No file lock marks liveness: POSIX drops a
 * process's locks on a file when any of its descriptors for that file closes, so two engines of one
 * JVM reading each other's files would silently unlock them. Owner strings carry the pid instead.)
 *
 * <p>Layout: a header slot (magic, owner string), then fixed-size slots, each {@code state, length,
 * CRC32C, payload}; the state is written last, so a slot torn by a crash fails its check and is
 * ignored. A marker too large for a slot is refused and the caller records it in SQLite instead.
 */
final class StartedStepFile implements AutoCloseable {
  /** A marker read back from a file. */
  record Marker(String workflowId, StepRecord step) {}

  static final String SUFFIX_PREFIX = "-started-";
  /** Where marker files go when it is a writable directory. */
  static final Path SHARED_MEMORY = Path.of("/dev/shm");
  /** How the names of marker files in {@link #SHARED_MEMORY} begin. */
  static final String SHARED_PREFIX = "durable-";
  /** Where the header keeps the database's path, after the owner. */
  private static final int HEADER_DATABASE_AT = 512;

  private static final int SLOT_SIZE = 1024;
  private static final int SLOTS_PER_SEGMENT = 64;
  private static final int SEGMENT_SIZE = SLOT_SIZE * SLOTS_PER_SEGMENT;
  private static final int HEADER_MAGIC = 0x44534D46; // "DSMF"
  private static final int SLOT_IN_USE = 0x53544152; // "STAR"
  private static final int SLOT_HEADER = 12;

  private final Path path;
  private final FileChannel channel;
  private final List<MappedByteBuffer> segments = new ArrayList<>();
  private final ArrayDeque<Integer> free = new ArrayDeque<>();
  private final Map<String, Integer> slotByStep = new HashMap<>();
  private final Map<Integer, Marker> markerBySlot = new HashMap<>();
  private final CRC32C crc = new CRC32C();

  private StartedStepFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** The file of {@code owner}'s markers for the database {@code database}. */
  static Path pathFor(Path database, String owner) {
    return pathFor(database, owner, SHARED_MEMORY);
  }

  static Path pathFor(Path database, String owner, Path sharedMemory) {
    return directoryFor(database, sharedMemory).resolve(prefixFor(database, sharedMemory) + sanitize(owner));
  }

  /** The directory that holds the marker files of {@code database}. */
  static Path directoryFor(Path database, Path sharedMemory) {
    return usable(sharedMemory) ? sharedMemory : database.toAbsolutePath().getParent();
  }

  /** How the names of {@code database}'s marker files begin, in {@link #directoryFor}. */
  static String prefixFor(Path database, Path sharedMemory) {
    if (!usable(sharedMemory)) {
      return database.getFileName() + SUFFIX_PREFIX;
    }
    Path real = Path.of(canonical(database));
    return SHARED_PREFIX + sanitize(real.getFileName().toString()) + "-" + hash(real.toString()) + SUFFIX_PREFIX;
  }

  private static boolean usable(Path directory) {
    return Files.isDirectory(directory) && Files.isWritable(directory);
  }

  /** The real path where it exists (two engines may name one file differently), else the absolute one. */
  static String canonical(Path database) {
    try {
      return database.toRealPath().toString();
    } catch (IOException e) {
      return database.toAbsolutePath().normalize().toString();
    }
  }

  private static String hash(String path) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String sanitize(String text) {
    StringBuilder name = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-') ? c : '_');
    }
    return name.toString();
  }

  /** Creates the marker file of {@code owner} (owner strings are unique, so it is new). */
  static StartedStepFile create(Path database, String owner) throws IOException {
    Path path = pathFor(database, owner);
    byte[] databaseBytes = canonical(database).getBytes(StandardCharsets.UTF_8);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      StartedStepFile file = new StartedStepFile(path, channel);
      file.addSegment();
      byte[] ownerBytes = owner.getBytes(StandardCharsets.UTF_8);
      if (ownerBytes.length > HEADER_DATABASE_AT - 8) {
        throw new IOException("owner string too long for the marker file header");
      }
      MappedByteBuffer first = file.segments.get(0);
      first.putInt(4, ownerBytes.length);
      first.put(8, ownerBytes);
      // A path too long for the header is left out; the file is then deleted only with its database's help.
      if (databaseBytes.length <= SLOT_SIZE - HEADER_DATABASE_AT - 4) {
        first.putInt(HEADER_DATABASE_AT, databaseBytes.length);
        first.put(HEADER_DATABASE_AT + 4, databaseBytes);
      }
      first.putInt(0, HEADER_MAGIC);
      return file;
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
        // Without its header nobody could tell whose file it is, and it would never be cleaned up.
        Files.deleteIfExists(path);
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /**
   * Records that {@code step} of {@code workflowId} is starting (a retry overwrites its earlier
   * attempt).
   *
   * @return false if the marker does not fit in a slot; nothing was recorded
   */
  synchronized boolean mark(String workflowId, StepRecord step) throws IOException {
    byte[] payload = encode(workflowId, step);
    if (payload == null) {
      return false;
    }
    String key = key(workflowId, step.position());
    Integer slot = slotByStep.get(key);
    if (slot == null) {
      if (free.isEmpty()) {
        addSegment();
      }
      slot = free.poll();
      slotByStep.put(key, slot);
    }
    ByteBuffer buffer = segments.get(slot / SLOTS_PER_SEGMENT);
    int at = (slot % SLOTS_PER_SEGMENT) * SLOT_SIZE;
    buffer.putInt(at, 0);
    buffer.put(at + SLOT_HEADER, payload);
    crc.reset();
    crc.update(payload);
    buffer.putInt(at + 4, payload.length);
    buffer.putInt(at + 8, (int) crc.getValue());
    buffer.putInt(at, SLOT_IN_USE);
    markerBySlot.put(slot, new Marker(workflowId, step));
    return true;
  }

  /** Forgets the marker of a step whose outcome is now in the database, if there is one. */
  synchronized void clear(String workflowId, String position) {
    Integer slot = slotByStep.remove(key(workflowId, position));
    if (slot != null) {
      release(slot);
    }
  }

  /** The markers this engine holds for {@code workflowId}. */
  synchronized List<StepRecord> markers(String workflowId) {
    List<StepRecord> result = new ArrayList<>();
    for (Marker m : markerBySlot.values()) {
      if (m.workflowId().equals(workflowId)) {
        result.add(m.step());
      }
    }
    return result;
  }

  /** Every marker this engine holds. */
  synchronized List<Marker> all() {
    return new ArrayList<>(markerBySlot.values());
  }

  /** Forgets every marker of {@code workflowId} (its run was released or finished). */
  synchronized void clearAll(String workflowId) {
    slotByStep.entrySet().removeIf(e -> {
      if (markerBySlot.get(e.getValue()).workflowId().equals(workflowId)) {
        release(e.getValue());
        return true;
      }
      return false;
    });
  }

  private void release(int slot) {
    segments.get(slot / SLOTS_PER_SEGMENT).putInt((slot % SLOTS_PER_SEGMENT) * SLOT_SIZE, 0);
    markerBySlot.remove(slot);
    free.push(slot);
  }

  private void addSegment() throws IOException {
    int index = segments.size();
    long offset = (long) index * SEGMENT_SIZE;
    // Allocate the blocks by writing them: a store into a mapped hole on a full disk would kill the
    // JVM (SIGBUS) instead of throwing here, where the caller can fall back to the database.
    ByteBuffer zeros = ByteBuffer.allocate(SEGMENT_SIZE);
    while (zeros.hasRemaining()) {
      channel.write(zeros, offset + zeros.position());
    }
    segments.add(channel.map(FileChannel.MapMode.READ_WRITE, offset, SEGMENT_SIZE));
    // Slot 0 of the first segment is the header.
    for (int s = SLOTS_PER_SEGMENT - 1; s >= (index == 0 ? 1 : 0); s--) {
      free.push(index * SLOTS_PER_SEGMENT + s);
    }
  }

  /** Closes the file; the caller deletes it once its markers are in the database. */
  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  private static String key(String workflowId, String position) {
    return workflowId + '\u0000' + position;
  }

  private static byte[] encode(String workflowId, StepRecord step) {
    byte[] id = workflowId.getBytes(StandardCharsets.UTF_8);
    byte[] position = step.position().getBytes(StandardCharsets.UTF_8);
    byte[] name = step.name().getBytes(StandardCharsets.UTF_8);
    int length = 2 + id.length + 2 + position.length + 2 + name.length + 4 + 8;
    if (length > SLOT_SIZE - SLOT_HEADER) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putShort((short) id.length).put(id);
    b.putShort((short) position.length).put(position);
    b.putShort((short) name.length).put(name);
    b.putInt(step.attempts()).putLong(step.startedAt());
    return b.array();
  }

  /**
   * What a marker file holds, read by another engine (of this or another process) that takes over
   * one of its owner's runs. Slots that fail their check (torn by a crash mid-write) are skipped.
   *
   * @return the owner named in the header (null if the header is unreadable) and the valid markers
   */
  static Contents read(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
    String owner = null;
    String database = null;
    if (b.capacity() >= SLOT_SIZE && b.getInt(0) == HEADER_MAGIC) {
      int length = b.getInt(4);
      if (length > 0 && length <= HEADER_DATABASE_AT - 8) {
        owner = new String(b.array(), 8, length, StandardCharsets.UTF_8);
      }
      int databaseLength = b.getInt(HEADER_DATABASE_AT);
      if (databaseLength > 0 && databaseLength <= SLOT_SIZE - HEADER_DATABASE_AT - 4) {
        database = new String(b.array(), HEADER_DATABASE_AT + 4, databaseLength, StandardCharsets.UTF_8);
      }
    }
    List<Marker> markers = new ArrayList<>();
    CRC32C check = new CRC32C();
    for (int at = SLOT_SIZE; at + SLOT_SIZE <= b.capacity(); at += SLOT_SIZE) {
      if (b.getInt(at) != SLOT_IN_USE) {
        continue;
      }
      int length = b.getInt(at + 4);
      if (length <= 0 || length > SLOT_SIZE - SLOT_HEADER) {
        continue;
      }
      check.reset();
      check.update(b.array(), at + SLOT_HEADER, length);
      if ((int) check.getValue() != b.getInt(at + 8)) {
        continue;
      }
      Marker marker = decode(ByteBuffer.wrap(b.array(), at + SLOT_HEADER, length));
      if (marker != null) {
        markers.add(marker);
      }
    }
    return new Contents(owner, database, markers);
  }

  /** A marker file's owner, the database it belongs to (null if unknown), and its markers. */
  /**
   * What a marker file holds; {@code owner} is null if the header is missing (a file being created
   * right now, or one whose creator was killed before it wrote the header).
   */
  record Contents(String owner, String database, List<Marker> markers) {}

  /** How old a file without a header must be to count as abandoned: creating one takes microseconds. */
  static final java.time.Duration ABANDONED_WITHOUT_HEADER = java.time.Duration.ofMinutes(1);

  private static Marker decode(ByteBuffer b) {
    try {
      String id = string(b);
      String position = string(b);
      String name = string(b);
      int attempts = b.getInt();
      long startedAt = b.getLong();
      return new Marker(id, new StepRecord(position, name, StepStatus.STARTED, attempts, null, startedAt, null));
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      // Passed the CRC yet malformed: not written by this code; ignore it like a torn slot.
      return null;
    }
  }

  private static String string(ByteBuffer b) {
    int length = Short.toUnsignedInt(b.getShort());
    byte[] bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
