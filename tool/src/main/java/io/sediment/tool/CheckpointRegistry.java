package io.sediment.tool;

import io.sediment.lsm.CorruptionException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One version of a checkpoint root's shared-file registry ({@code registry-<version>}), read for
 * the inspection commands: the retained checkpoint ids, how many of them reference each file, and
 * the files waiting for deletion. The content layout is in {@code docs/format/checkpoint.md}; the
 * snapshot module's own reader is not public, so the tool reads the documented bytes itself.
 */
final class CheckpointRegistry {

  /** Base name of the versioned registry files. */
  static final String BASE_NAME = "registry";

  /** "SEDSHREG" in ASCII. */
  private static final long MAGIC = 0x5345445348524547L;

  /** Format 1 lacks the held checkpoints; format 2 adds them after the retained ones. */
  private static final int NEWEST_FORMAT_VERSION = 2;

  /** The state of a root that has never published a registry: nothing retained. */
  static final CheckpointRegistry NONE =
      new CheckpointRegistry(0, new TreeSet<>(), new TreeSet<>(), new TreeMap<>(), new TreeSet<>());

  private final long version;
  private final NavigableSet<Long> retained;
  private final NavigableSet<Long> held;
  private final SortedMap<String, Integer> refCounts;
  private final NavigableSet<String> pending;

  private CheckpointRegistry(
      long version,
      NavigableSet<Long> retained,
      NavigableSet<Long> held,
      SortedMap<String, Integer> refCounts,
      NavigableSet<String> pending) {
    this.version = version;
    this.retained = Collections.unmodifiableNavigableSet(retained);
    this.held = Collections.unmodifiableNavigableSet(held);
    this.refCounts = Collections.unmodifiableSortedMap(refCounts);
    this.pending = Collections.unmodifiableNavigableSet(pending);
  }

  /** The registry version this state was read from; 0 for {@link #NONE}. */
  long version() {
    return version;
  }

  /** Retained checkpoint ids, ascending. */
  NavigableSet<Long> retained() {
    return retained;
  }

  /**
   * Discarded checkpoints whose files are kept (and still counted) while a restored store holds a
   * lease on them, ascending.
   */
  NavigableSet<Long> held() {
    return held;
  }

  /** Number of retained or held checkpoints per referenced file (physical path), sorted by path. */
  SortedMap<String, Integer> refCounts() {
    return refCounts;
  }

  /** Retained checkpoints referencing {@code path}; 0 if none. */
  int refCount(String path) {
    return refCounts.getOrDefault(path, 0);
  }

  /** Files no retained checkpoint references that were not deleted yet. */
  NavigableSet<String> pending() {
    return pending;
  }

  /**
   * Decodes the content of registry version {@code version} (its frame already checked).
   *
   * @throws CorruptionException naming {@code file} and the offset within the content
   */
  static CheckpointRegistry decode(byte[] content, long version, String file)
      throws CorruptionException {
    ByteBuffer buf = ByteBuffer.wrap(content);
    try {
      if (buf.getLong() != MAGIC) {
        throw new CorruptionException(file, 0, "bad shared-file registry magic");
      }
      int format = buf.getInt();
      if (format < 1 || format > NEWEST_FORMAT_VERSION) {
        throw new CorruptionException(file, 8, "unsupported registry format version " + format);
      }
      TreeSet<Long> ids = new TreeSet<>();
      readIds(buf, file, ids);
      TreeSet<Long> heldIds = new TreeSet<>();
      if (format >= 2) {
        readIds(buf, file, heldIds);
      }
      TreeMap<String, Integer> counts = new TreeMap<>();
      int fileCount = count(buf, file);
      for (int i = 0; i < fileCount; i++) {
        int at = buf.position();
        String path = string(buf, file);
        int n = buf.getInt();
        if (n <= 0 || counts.put(path, n) != null) {
          throw new CorruptionException(file, at, "bad or repeated entry for " + path);
        }
      }
      TreeSet<String> waiting = new TreeSet<>();
      int pendingCount = count(buf, file);
      for (int i = 0; i < pendingCount; i++) {
        waiting.add(string(buf, file));
      }
      if (buf.hasRemaining()) {
        throw new CorruptionException(
            file, buf.position(), buf.remaining() + " unexpected bytes at the end of the registry");
      }
      return new CheckpointRegistry(version, ids, heldIds, counts, waiting);
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(file, buf.position(), "registry ends inside a field", e);
    }
  }

  /** Reads a counted list of checkpoint ids into {@code into}, refusing any id seen before. */
  private static void readIds(ByteBuffer buf, String file, TreeSet<Long> into)
      throws CorruptionException {
    int idCount = count(buf, file);
    for (int i = 0; i < idCount; i++) {
      int at = buf.position();
      long id = buf.getLong();
      if (id < 0 || !into.add(id)) {
        throw new CorruptionException(file, at, "bad or repeated checkpoint id " + id);
      }
    }
  }

  private static int count(ByteBuffer buf, String file) throws CorruptionException {
    int at = buf.position();
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining()) {
      throw new CorruptionException(file, at, "bad count " + n);
    }
    return n;
  }

  private static String string(ByteBuffer buf, String file) throws CorruptionException {
    int at = buf.position();
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new CorruptionException(file, at, "bad length " + length);
    }
    byte[] b = new byte[length];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
