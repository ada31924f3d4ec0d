package io.sediment.snapshot;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The leases on one checkpoint: a log of changes kept as write-once files {@code
 * lease-<id>-<version>} under the checkpoint root (20 digits each). Version {@code v} holds the
 * {@code v}-th change: leases added and leases removed. The active leases are those added and not
 * removed, over every complete version. Format in {@code docs/format/checkpoint.md}.
 *
 * <p><b>Changing.</b> Probe for the highest version and create the next one (create-if-absent); a
 * writer that loses the name to a concurrent one probes again. A change never depends on what it
 * read, so no change is ever lost. (A snapshot per version would lose one: on HDFS and local disks
 * a file is visible before its content is, so a concurrent writer could not tell a version being
 * written from one a crash left torn.) No rename, no overwrite.
 *
 * <p><b>Reading without a listing.</b> Versions are consecutive from 1 and never deleted while the
 * checkpoint is retained or held, so the highest is found by existence probes alone: 1, 2, 4, ...
 * until one is missing, then a binary search ({@code 2 log2(n)} probes for {@code n} versions; one
 * probe for a checkpoint never leased). Reading the active leases then reads every version, which
 * only a discard and the storage's lease tools do. A version that is incomplete (being written, or
 * torn by a crash) counts as nothing: a holder takes its lease only once its write returned, and
 * only then checks the checkpoint is still retained (see {@link LeaseHolder}).
 *
 * <p>Thread-safe (no state but the file system's).
 */
final class LeaseLog {

  /** "SEDLEASE" in ASCII. */
  static final long MAGIC = 0x5345444C45415345L;

  static final int FORMAT_VERSION = 1;

  private static final int HEADER_BYTES = 16;
  private static final int MAX_ATTEMPTS = 1000;
  private static final Pattern NAME = Pattern.compile("lease-(\\d{20})-(\\d{20})");

  /** The active leases and the highest version present (complete or not). */
  record State(long top, List<CheckpointLease> leases) {}

  private final FileSystemView view;
  private final long checkpointId;

  LeaseLog(FileSystemView view, long checkpointId) {
    this.view = view;
    this.checkpointId = checkpointId;
  }

  static String fileName(long checkpointId, long version) {
    return String.format("lease-%020d-%020d", checkpointId, version);
  }

  Path pathOf(long version) {
    return view.resolve(fileName(checkpointId, version));
  }

  /** The highest version present, complete or torn; 0 if none. Probes only, never lists. */
  long top() throws IOException {
    if (!view.exists(pathOf(1))) {
      return 0;
    }
    long present = 1;
    long missing = 2;
    while (view.exists(pathOf(missing))) {
      present = missing;
      missing *= 2;
    }
    while (missing - present > 1) {
      long mid = present + (missing - present) / 2;
      if (view.exists(pathOf(mid))) {
        present = mid;
      } else {
        missing = mid;
      }
    }
    return present;
  }

  /**
   * The active leases.
   *
   * @throws CorruptionException naming the file if a complete version fails its checks
   */
  State read() throws IOException {
    long top = top();
    Set<CheckpointLease> active = new LinkedHashSet<>();
    for (long v = 1; v <= top; v++) {
      Path path = pathOf(v);
      byte[] raw;
      try {
        raw = view.readAll(path);
      } catch (FileNotFoundException e) {
        continue; // collected meanwhile: only for a checkpoint that is gone
      }
      List<Change> changes = decode(raw, path.toString(), checkpointId, v);
      if (changes != null) {
        for (Change c : changes) {
          if (c.added()) {
            active.add(c.lease());
          } else {
            active.remove(c.lease());
          }
        }
      }
    }
    return new State(top, List.copyOf(active));
  }

  /** Adds {@code lease}; once this returns, every later {@link #read} sees it. */
  void add(CheckpointLease lease) throws IOException {
    publish(List.of(new Change(true, lease)));
  }

  /** Removes every active lease matching {@code expired}; returns how many went. */
  int removeIf(Predicate<CheckpointLease> expired) throws IOException {
    List<Change> removals = new ArrayList<>();
    for (CheckpointLease l : read().leases()) {
      if (expired.test(l)) {
        removals.add(new Change(false, l));
      }
    }
    if (!removals.isEmpty()) {
      publish(removals);
    }
    return removals.size();
  }

  /** One change: a lease added, or removed. */
  record Change(boolean added, CheckpointLease lease) {}

  private void publish(List<Change> changes) throws IOException {
    long version = top() + 1;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        view.writeAll(pathOf(version), encode(checkpointId, version, changes));
        return;
      } catch (FileAlreadyExistsException e) {
        // Another holder or the storage changed the leases first: take the next free version.
        version = Math.max(version + 1, top() + 1);
      }
    }
    throw new IOException(
        "could not change the leases of checkpoint "
            + checkpointId
            + " in "
            + view.root()
            + ": "
            + MAX_ATTEMPTS
            + " concurrent changes won");
  }

  /** Deletes versions {@code top} down to 1 (collection of a checkpoint that is gone). */
  void deleteUpTo(long top) throws IOException {
    for (long v = top; v >= 1; v--) {
      view.delete(pathOf(v));
    }
  }

  /** Checkpoint ids that have lease files, with the highest version listed. Lists the root. */
  static SortedMap<Long, Long> listed(FileSystemView view) throws IOException {
    SortedMap<Long, Long> ids = new TreeMap<>();
    for (FileStatus s : view.list(view.root())) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (m.matches()) {
        ids.merge(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Math::max);
      }
    }
    return ids;
  }

  /**
   * The active leases on every checkpoint with lease files, by checkpoint id, then in the order
   * they were taken. Lists the root.
   */
  static List<CheckpointLease> activeLeases(FileSystemView view) throws IOException {
    List<CheckpointLease> all = new ArrayList<>();
    for (long id : listed(view).keySet()) {
      all.addAll(new LeaseLog(view, id).read().leases());
    }
    return all;
  }

  static byte[] encode(long checkpointId, long version, List<Change> changes) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 128 * changes.size());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(0); // total length, patched below
      out.writeLong(version);
      out.writeLong(checkpointId);
      out.writeInt(changes.size());
      for (Change c : changes) {
        CheckpointLease l = c.lease();
        out.writeByte(c.added() ? 1 : 0);
        writeString(out, l.holder());
        writeString(out, l.process());
        out.writeLong(l.acquired().toEpochMilli());
      }
      out.writeInt(0); // CRC placeholder
      out.flush();
      byte[] result = bytes.toByteArray();
      ByteBuffer buf = ByteBuffer.wrap(result);
      buf.putInt(12, result.length);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(result, 0, result.length - 4);
      buf.putInt(result.length - 4, (int) crc.getValue());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory write failed", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * Decodes one version; null if the file is incomplete (shorter than its header declares: being
   * written, or torn by a crash).
   *
   * @throws CorruptionException naming the file and offset for a complete file failing a check
   */
  static List<Change> decode(byte[] data, String file, long checkpointId, long version)
      throws CorruptionException {
    if (data.length < HEADER_BYTES) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (buf.getLong(0) != MAGIC) {
      throw new CorruptionException(file, 0, "bad lease magic");
    }
    if (buf.getInt(8) != FORMAT_VERSION) {
      throw new CorruptionException(file, 8, "unsupported lease format version " + buf.getInt(8));
    }
    int total = buf.getInt(12);
    if (total < HEADER_BYTES + 24 || data.length > total) {
      throw new CorruptionException(
          file, 12, "header declares " + total + " bytes but there are " + data.length);
    }
    if (data.length < total) {
      return null;
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data, 0, total - 4);
    if ((int) crc.getValue() != buf.getInt(total - 4)) {
      throw new CorruptionException(file, total - 4, "lease checksum mismatch");
    }
    buf.position(HEADER_BYTES);
    buf.limit(total - 4);
    try {
      if (buf.getLong() != version) {
        throw new CorruptionException(file, HEADER_BYTES, "holds another version");
      }
      if (buf.getLong() != checkpointId) {
        throw new CorruptionException(file, HEADER_BYTES + 8, "holds another checkpoint's leases");
      }
      int count = buf.getInt();
      if (count < 0 || count > buf.remaining()) {
        throw new CorruptionException(file, buf.position() - 4, "bad change count " + count);
      }
      List<Change> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int at = buf.position();
        int op = buf.get();
        if (op != 0 && op != 1) {
          throw new CorruptionException(file, at, "bad change kind " + op);
        }
        String holder = readString(buf, file);
        String process = readString(buf, file);
        long millis = buf.getLong();
        try {
          changes.add(
              new Change(
                  op == 1,
                  new CheckpointLease(
                      checkpointId, holder, process, Instant.ofEpochMilli(millis))));
        } catch (IllegalArgumentException e) {
          throw new CorruptionException(file, at, "bad lease: " + e.getMessage(), e);
        }
      }
      if (buf.hasRemaining()) {
        throw new CorruptionException(file, buf.position(), "unexpected bytes after the changes");
      }
      return List.copyOf(changes);
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(file, buf.position(), "lease file ends inside a field", e);
    }
  }

  private static String readString(ByteBuffer buf, String file) throws CorruptionException {
    int at = buf.position();
    int len = buf.getInt();
    if (len < 0 || len > buf.remaining()) {
      throw new CorruptionException(file, at, "bad length " + len);
    }
    byte[] b = new byte[len];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
