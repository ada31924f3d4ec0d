package io.sediment.snapshot;

import io.sediment.lsm.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One state of the shared-file registry of a checkpoint root: which checkpoints are retained, which
 * were discarded but are still held because a restored store has a lease on them ("held": they keep
 * their files like retained ones, but cannot be loaded or restored any more), how many of those
 * checkpoints reference each physical file, and which files no retained or held checkpoint
 * references any more but could not be deleted yet because an open store still used them
 * ("pending"), and which stores hold or held files of the root ("stores": the directories of the
 * stores checkpointed into it, whose newest manifests a deletion consults, so a store keeps the
 * files it lists however it is reopened, and also while it is closed).
 *
 * <p>An immutable value; every change returns a new state. The encoding (inside the frame of the
 * versioned file it is published as) is specified in {@code docs/format/checkpoint.md}.
 */
final class SharedFileRegistry {

  /** "SEDSHREG" in ASCII. */
  static final long MAGIC = 0x5345445348524547L;

  /**
   * The version written; versions 1 (no held checkpoints) and 2 (no store records) are still read.
   */
  static final int FORMAT_VERSION = 3;

  static final SharedFileRegistry EMPTY =
      new SharedFileRegistry(
          new TreeSet<>(), new TreeSet<>(), new TreeMap<>(), new TreeSet<>(), new TreeSet<>());

  private final NavigableSet<Long> retained;
  private final NavigableSet<Long> held;
  private final SortedMap<String, Integer> refCounts;
  private final NavigableSet<String> pending;
  private final NavigableSet<String> stores;

  private SharedFileRegistry(
      NavigableSet<Long> retained,
      NavigableSet<Long> held,
      SortedMap<String, Integer> refCounts,
      NavigableSet<String> pending,
      NavigableSet<String> stores) {
    this.retained = Collections.unmodifiableNavigableSet(retained);
    this.held = Collections.unmodifiableNavigableSet(held);
    this.refCounts = Collections.unmodifiableSortedMap(refCounts);
    this.pending = Collections.unmodifiableNavigableSet(pending);
    this.stores = Collections.unmodifiableNavigableSet(stores);
  }

  /** Retained checkpoint ids, ascending. */
  NavigableSet<Long> retained() {
    return retained;
  }

  /** Discarded checkpoints still held by leases, ascending. */
  NavigableSet<Long> held() {
    return held;
  }

  /** Whether {@code id} is retained or held (its id is taken and its files are kept). */
  boolean knows(long id) {
    return retained.contains(id) || held.contains(id);
  }

  /** Retained checkpoints referencing {@code path}; 0 if none. */
  int refCount(String path) {
    return refCounts.getOrDefault(path, 0);
  }

  /** Every file some retained checkpoint references, sorted. */
  Set<String> referencedFiles() {
    return refCounts.keySet();
  }

  /** Number of retained or held checkpoints per referenced file, sorted by path. */
  SortedMap<String, Integer> referenceCounts() {
    return refCounts;
  }

  /** Files waiting for deletion: unreferenced by checkpoints, but still used by a store. */
  NavigableSet<String> pending() {
    return pending;
  }

  /**
   * Directory URIs of the stores that were checkpointed into this root and may still list its
   * files, sorted.
   */
  NavigableSet<String> stores() {
    return stores;
  }

  /** The same state with {@code storeUri} among the recorded stores. */
  SharedFileRegistry withStore(String storeUri) {
    if (storeUri == null || storeUri.isEmpty()) {
      throw new IllegalArgumentException("store URI must not be empty: '" + storeUri + "'");
    }
    TreeSet<String> recorded = new TreeSet<>(stores);
    recorded.add(storeUri);
    return new SharedFileRegistry(
        new TreeSet<>(retained),
        new TreeSet<>(held),
        new TreeMap<>(refCounts),
        new TreeSet<>(pending),
        recorded);
  }

  /** The same state without the recorded stores {@code gone} (abandoned: no store is there). */
  SharedFileRegistry withoutStores(Collection<String> gone) {
    TreeSet<String> recorded = new TreeSet<>(stores);
    recorded.removeAll(gone);
    return new SharedFileRegistry(
        new TreeSet<>(retained),
        new TreeSet<>(held),
        new TreeMap<>(refCounts),
        new TreeSet<>(pending),
        recorded);
  }

  /** Adds retained checkpoint {@code id} referencing {@code paths}; they stop being pending. */
  SharedFileRegistry withCheckpoint(long id, Collection<String> paths) {
    if (knows(id)) {
      throw new IllegalArgumentException("checkpoint " + id + " is already retained or held");
    }
    TreeSet<Long> ids = new TreeSet<>(retained);
    ids.add(id);
    TreeMap<String, Integer> counts = new TreeMap<>(refCounts);
    TreeSet<String> waiting = new TreeSet<>(pending);
    for (String p : paths) {
      counts.merge(p, 1, Integer::sum);
      waiting.remove(p);
    }
    return new SharedFileRegistry(ids, new TreeSet<>(held), counts, waiting, new TreeSet<>(stores));
  }

  /**
   * Moves retained checkpoint {@code id} to held: it is no longer retained (no restore of it starts
   * from now on), but its files keep their counts until {@link #withoutCheckpoint}.
   */
  SharedFileRegistry withHeld(long id) {
    if (!retained.contains(id)) {
      throw new IllegalArgumentException("checkpoint " + id + " is not retained");
    }
    TreeSet<Long> ids = new TreeSet<>(retained);
    ids.remove(id);
    TreeSet<Long> holding = new TreeSet<>(held);
    holding.add(id);
    return new SharedFileRegistry(
        ids, holding, new TreeMap<>(refCounts), new TreeSet<>(pending), new TreeSet<>(stores));
  }

  /**
   * Drops retained or held checkpoint {@code id} referencing {@code paths}; files no retained or
   * held checkpoint references any more become pending (deletion candidates).
   */
  SharedFileRegistry withoutCheckpoint(long id, Collection<String> paths) {
    if (!knows(id)) {
      throw new IllegalArgumentException("checkpoint " + id + " is not retained or held");
    }
    TreeSet<Long> ids = new TreeSet<>(retained);
    ids.remove(id);
    TreeSet<Long> holding = new TreeSet<>(held);
    holding.remove(id);
    TreeMap<String, Integer> counts = new TreeMap<>(refCounts);
    TreeSet<String> waiting = new TreeSet<>(pending);
    for (String p : paths) {
      Integer left = counts.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
      if (left == null) {
        waiting.add(p);
      }
    }
    return new SharedFileRegistry(ids, holding, counts, waiting, new TreeSet<>(stores));
  }

  /** Adds deletion candidates that no retained checkpoint references (orphans found later). */
  SharedFileRegistry withPending(Collection<String> paths) {
    TreeSet<String> waiting = new TreeSet<>(pending);
    for (String p : paths) {
      if (!refCounts.containsKey(p)) {
        waiting.add(p);
      }
    }
    return new SharedFileRegistry(
        new TreeSet<>(retained),
        new TreeSet<>(held),
        new TreeMap<>(refCounts),
        waiting,
        new TreeSet<>(stores));
  }

  /** The same state with {@code deleted} no longer pending. */
  SharedFileRegistry withoutPending(Collection<String> deleted) {
    TreeSet<String> waiting = new TreeSet<>(pending);
    waiting.removeAll(deleted);
    return new SharedFileRegistry(
        new TreeSet<>(retained),
        new TreeSet<>(held),
        new TreeMap<>(refCounts),
        waiting,
        new TreeSet<>(stores));
  }

  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * refCounts.size());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(retained.size());
      for (long id : retained) {
        out.writeLong(id);
      }
      out.writeInt(held.size());
      for (long id : held) {
        out.writeLong(id);
      }
      out.writeInt(refCounts.size());
      for (Map.Entry<String, Integer> e : refCounts.entrySet()) {
        writeString(out, e.getKey());
        out.writeInt(e.getValue());
      }
      out.writeInt(pending.size());
      for (String p : pending) {
        writeString(out, p);
      }
      out.writeInt(stores.size());
      for (String store : stores) {
        writeString(out, store);
      }
      out.flush();
      return bytes.toByteArray();
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
   * Decodes the content of a registry file (its frame already checked).
   *
   * @throws CorruptionException naming {@code file} and the offset within the content
   */
  static SharedFileRegistry decode(byte[] data, String file) throws CorruptionException {
    ByteBuffer buf = ByteBuffer.wrap(data);
    try {
      if (buf.getLong() != MAGIC) {
        throw new CorruptionException(file, 0, "bad shared-file registry magic");
      }
      int version = buf.getInt();
      if (version < 1 || version > FORMAT_VERSION) {
        throw new CorruptionException(file, 8, "unsupported registry format version " + version);
      }
      TreeSet<Long> ids = new TreeSet<>();
      readIds(buf, file, ids, ids);
      TreeSet<Long> holding = new TreeSet<>();
      if (version >= 2) {
        readIds(buf, file, holding, ids);
      }
      TreeMap<String, Integer> counts = new TreeMap<>();
      int fileCount = count(buf, file);
      for (int i = 0; i < fileCount; i++) {
        int at = buf.position();
        String path = readString(buf, file);
        int n = buf.getInt();
        if (n <= 0 || counts.put(path, n) != null) {
          throw new CorruptionException(file, at, "bad or repeated entry for " + path);
        }
      }
      TreeSet<String> waiting = new TreeSet<>();
      int pendingCount = count(buf, file);
      for (int i = 0; i < pendingCount; i++) {
        waiting.add(readString(buf, file));
      }
      TreeSet<String> recorded = new TreeSet<>();
      if (version >= 3) {
        int storeCount = count(buf, file);
        for (int i = 0; i < storeCount; i++) {
          int at = buf.position();
          String store = readString(buf, file);
          if (store.isEmpty() || !recorded.add(store)) {
            throw new CorruptionException(file, at, "empty or repeated store '" + store + "'");
          }
        }
      }
      if (buf.hasRemaining()) {
        throw new CorruptionException(
            file, buf.position(), buf.remaining() + " unexpected bytes at the end of the registry");
      }
      return new SharedFileRegistry(ids, holding, counts, waiting, recorded);
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(file, buf.position(), "registry ends inside a field", e);
    }
  }

  /** The format version of content {@link #decode} accepted (bytes 8..11). */
  static int formatVersion(byte[] decoded) {
    return ByteBuffer.wrap(decoded).getInt(8);
  }

  /** Reads a counted list of ids into {@code into}, refusing negatives and ids in {@code taken}. */
  private static void readIds(ByteBuffer buf, String file, Set<Long> into, Set<Long> taken)
      throws CorruptionException {
    int idCount = count(buf, file);
    for (int i = 0; i < idCount; i++) {
      int at = buf.position();
      long id = buf.getLong();
      if (id < 0 || taken.contains(id) && into != taken || !into.add(id)) {
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
