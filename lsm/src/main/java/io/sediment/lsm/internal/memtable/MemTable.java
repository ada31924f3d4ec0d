package io.sediment.lsm.internal.memtable;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.PointLookupSink;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory write buffer: every version of every key written since the last switch, in
 * internal-key order (user key ascending, sequence number descending), plus the range tombstones
 * written in that time.
 *
 * <p>Concurrency: one writer at a time (the write path serializes {@link #add} and {@link
 * #addRangeTombstone}; successive writers on different threads must be ordered by a happens-before
 * edge, e.g. a lock), any number of concurrent readers without locks. A reader sees every entry
 * whose add completed before its call started, and possibly later ones; readers get a stable view
 * by ignoring sequence numbers above their snapshot.
 *
 * <p>Structure: a lock-free single-writer skiplist ({@link SkipList}) whose nodes live in large
 * byte-array chunks ({@link Arena}) rather than {@link java.util.concurrent.ConcurrentSkipListMap}
 * or one object per entry: an entry is one contiguous run of bytes (pointers, key, value), so an
 * insert copies key and value once and allocates nothing else, a search step touches one cache
 * line, and the garbage collector sees a few large arrays instead of millions of small objects
 * while the memtable lives. No CAS on insert, O(1) forward steps, point lookups that allocate
 * nothing.
 *
 * <p>Entries are never removed: a full memtable is switched for a new one, flushed, and dropped.
 */
public final class MemTable {

  /**
   * Bytes charged per range tombstone beyond its keys (the object and its slot). Point entries are
   * charged what their node takes in the arena: key, trailer, value, header and pointers.
   */
  static final int ENTRY_OVERHEAD_BYTES = 64;

  // The counters have one writer; readers on other threads (stats, the flush) read them with
  // acquire semantics. Release stores publish them without the full fence a volatile store costs
  // on every write.
  private static final VarHandle APPROXIMATE_BYTES;
  private static final VarHandle ENTRY_COUNT;
  private static final VarHandle LARGEST_SEQUENCE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      APPROXIMATE_BYTES = lookup.findVarHandle(MemTable.class, "approximateBytes", long.class);
      ENTRY_COUNT = lookup.findVarHandle(MemTable.class, "entryCount", long.class);
      LARGEST_SEQUENCE = lookup.findVarHandle(MemTable.class, "largestSequence", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final byte[] NO_VALUE = new byte[0];

  private static final long DEFAULT_SEED = 0x5EDD1E57_0F_C0FFEEL;

  private final SkipList list;
  private long approximateBytes;
  private long entryCount;
  private long largestSequence = -1;

  // Range tombstones: an append-only array published by a volatile count (readers read the count
  // first, then the array, which is at least as new).
  private volatile RangeTombstone[] tombstones = new RangeTombstone[4];
  private volatile int tombstoneCount;
  private volatile CachedTombstones cachedTombstones;

  private record CachedTombstones(int count, TombstoneSet set) {}

  /** An empty memtable with the default (fixed) skiplist seed. */
  public MemTable() {
    this(DEFAULT_SEED);
  }

  /** An empty memtable whose skiplist node heights come from {@code seed}. */
  public MemTable(long seed) {
    this.list = new SkipList(seed);
  }

  /**
   * Adds one point entry. Writer only.
   *
   * @param type PUT, DELETE or MERGE
   * @param value the value or operand; for DELETE, null or empty. Copied.
   * @throws IllegalArgumentException if the type is RANGE_DELETE (use {@link #addRangeTombstone}),
   *     the key is null, the value is null for PUT/MERGE, the sequence is out of range, this exact
   *     (key, sequence, type) was already added, or key and value together exceed what one Java
   *     array holds
   */
  public void add(long seq, ValueType type, byte[] userKey, byte[] value) {
    if (type == null || type == ValueType.RANGE_DELETE) {
      throw new IllegalArgumentException("memtable point entry of type " + type);
    }
    if (userKey == null) {
      throw new IllegalArgumentException("userKey must not be null");
    }
    if (value == null) {
      if (type != ValueType.DELETE) {
        throw new IllegalArgumentException("value must not be null for " + type);
      }
      value = NO_VALUE;
    }
    long trailer = InternalKey.trailer(seq, type);
    int bytes = list.insert(userKey, trailer, value);
    ENTRY_COUNT.setRelease(this, entryCount + 1);
    APPROXIMATE_BYTES.setRelease(this, approximateBytes + bytes);
    if (seq > largestSequence) {
      LARGEST_SEQUENCE.setRelease(this, seq);
    }
  }

  /** Adds a range tombstone. Writer only. */
  public void addRangeTombstone(RangeTombstone t) {
    if (t == null) {
      throw new IllegalArgumentException("range tombstone must not be null");
    }
    int n = tombstoneCount;
    RangeTombstone[] array = tombstones;
    if (n == array.length) {
      array = Arrays.copyOf(array, n * 2);
    }
    array[n] = t;
    tombstones = array;
    tombstoneCount = n + 1;
    APPROXIMATE_BYTES.setRelease(
        this, approximateBytes + t.begin().length + t.end().length + 2L * ENTRY_OVERHEAD_BYTES);
    if (t.sequence() > largestSequence) {
      LARGEST_SEQUENCE.setRelease(this, t.sequence());
    }
  }

  /** Keys, values and per-entry overhead of everything added, in bytes (the memtable budget). */
  public long approximateBytes() {
    return (long) APPROXIMATE_BYTES.getAcquire(this);
  }

  /** Number of point entries. */
  public long entryCount() {
    return (long) ENTRY_COUNT.getAcquire(this);
  }

  /** Number of range tombstones. */
  public int rangeTombstoneCount() {
    return tombstoneCount;
  }

  /** Whether nothing (no point entry, no range tombstone) was added. */
  public boolean isEmpty() {
    return entryCount() == 0 && tombstoneCount == 0;
  }

  /** Highest sequence number added (point entry or tombstone), or -1 when empty. */
  public long largestSequence() {
    return (long) LARGEST_SEQUENCE.getAcquire(this);
  }

  /** A new iterator over the point entries (both directions). */
  public InternalIterator newIterator() {
    return new MemTableIterator(list);
  }

  /** The range tombstones added so far, in the order added (an immutable copy). */
  public List<RangeTombstone> rangeTombstones() {
    int n = tombstoneCount;
    return List.of(Arrays.copyOf(tombstones, n));
  }

  /**
   * The range tombstones added so far, fragmented for lookups; cached until the next tombstone is
   * added, so reads of a memtable without new range deletes do not rebuild it.
   */
  public TombstoneSet tombstoneSet() {
    int n = tombstoneCount;
    CachedTombstones cached = cachedTombstones;
    if (cached != null && cached.count() == n) {
      return cached.set();
    }
    TombstoneSet set = n == 0 ? TombstoneSet.empty() : TombstoneSet.of(rangeTombstones());
    // A benign race: concurrent readers may each build it; they build equal sets.
    cachedTombstones = new CachedTombstones(n, set);
    return set;
  }

  /**
   * Visits the entries of {@code userKey} with sequence number at most {@code snapshotSeq}, newest
   * first, until the sink returns false. Allocates nothing. Range tombstones are not consulted.
   */
  public void get(byte[] userKey, long snapshotSeq, PointLookupSink sink) {
    if (snapshotSeq < 0) {
      throw new IllegalArgumentException("negative snapshot sequence " + snapshotSeq);
    }
    long seq = Math.min(snapshotSeq, InternalKey.MAX_SEQUENCE);
    long trailer = (seq << 8) | ValueType.FOR_SEEK.code();
    int n = list.firstAtOrAfter(userKey, 0, userKey.length, trailer);
    while (n != 0 && list.userKeyEquals(n, userKey, 0, userKey.length)) {
      long t = list.trailer(n);
      if (!sink.accept(
          t >>> 8,
          ValueType.fromCode((int) (t & 0xFF)),
          list.array(n),
          list.valueOffset(n),
          list.valueLength(n))) {
        return;
      }
      n = list.next(n, 0);
    }
  }

  @Override
  public String toString() {
    return "MemTable{entries="
        + entryCount()
        + ", rangeTombstones="
        + tombstoneCount
        + ", bytes="
        + approximateBytes()
        + "}";
  }
}
