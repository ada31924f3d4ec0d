package io.sediment.lsm.internal.db;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import io.sediment.lsm.internal.read.DbIteratorImpl;
import io.sediment.lsm.internal.read.GetContext;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.Executor;

/**
 * The read path. A point lookup visits sources newest first (active memtable, immutable memtables
 * newest first, level-0 files newest first, then the one file of each deeper level whose range
 * holds the key) and stops at the first entry that settles the key; before each source it records
 * the highest range tombstone of that source or a newer one covering the key, and an SST's bloom
 * filter is checked before its blocks. A {@code multiGet} of several keys visits the same sources
 * in the same order for all its keys at once ({@link BatchGet}), level by level, reading the blocks
 * of each level together. An iterator merges all sources and applies all range tombstones; it pins
 * the memtables and the version until closed.
 */
final class ReadPath {

  private final DbImpl db;
  private final BlockFetch fetch;

  /**
   * @param readExecutor runs the helpers that read the blocks of a {@code multiGet} round
   * @param maxHelpers most helpers one round uses besides its calling thread
   */
  ReadPath(DbImpl db, Executor readExecutor, int maxHelpers) {
    this.db = db;
    this.fetch = new BlockFetch(readExecutor, maxHelpers);
  }

  /**
   * The snapshot's sequence number, or -1 for a read at the latest state ({@link #get(byte[],
   * Snapshot)}).
   */
  private static long snapshotSequence(Snapshot snapshot) {
    if (snapshot == null) {
      return -1;
    }
    if (snapshot.isClosed()) {
      throw new IllegalStateException("snapshot is closed: " + snapshot);
    }
    return snapshot.sequence();
  }

  /**
   * A read at the latest state takes its sequence number after it pinned the memtables and the
   * version, and pins again if the memtables changed meanwhile ({@link DbImpl#acquireView}). Taken
   * before the pin, a flush and a compaction (or a drop of covered files) could complete in between
   * and remove an older version of a key, overwritten after the sequence was read, that the read
   * must return: no snapshot protects that sequence. After the pin, every write the sequence covers
   * is in the pinned memtables or in files of the pinned version.
   */
  byte[] get(byte[] key, Snapshot snapshot) throws IOException {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    long snapshotSequence = snapshotSequence(snapshot);
    // Pinned without a ReadView object: the cached get path allocates only the value it returns.
    while (true) {
      MemTables mems = db.mems; // memtables first, then the version: see DbImpl.acquireView
      Version version = db.versions.refCurrent();
      long seq = snapshotSequence >= 0 ? snapshotSequence : db.visibleSequence.get();
      if (snapshotSequence < 0 && db.mems != mems) {
        version.unref(); // a memtable switch or flush came between: pin again
        continue;
      }
      try {
        return get(mems, version, key, seq);
      } finally {
        version.unref();
      }
    }
  }

  /** Pins what a read at {@code snapshot} (null: the latest state) works on. */
  private ReadView pin(Snapshot snapshot) {
    return db.acquireView(snapshotSequence(snapshot));
  }

  private byte[] get(MemTables mems, Version v, byte[] key, long seq) throws IOException {
    GetContext ctx = context(key, seq);
    try {
      if (fromMemTables(mems, key, seq, ctx)) {
        return ctx.result();
      }
      List<FileMetadata> level0 = v.files(0);
      for (int i = 0; i < level0.size(); i++) {
        FileMetadata f = level0.get(i);
        if (f.overlaps(key, key)) {
          enterSource(db.tables.tombstones(f), key, seq, ctx);
          db.tables.reader(f).get(key, seq, ctx);
          if (ctx.isDone()) {
            return ctx.result();
          }
        }
      }
      for (int level = 1; level < Version.NUM_LEVELS; level++) {
        FileMetadata f = v.fileFor(level, key);
        if (f != null) {
          enterSource(db.tables.tombstones(f), key, seq, ctx);
          db.tables.reader(f).get(key, seq, ctx);
          if (ctx.isDone()) {
            return ctx.result();
          }
        }
      }
      return ctx.result();
    } finally {
      ctx.clear();
    }
  }

  /**
   * The memtable part of a point lookup, shared by single and batched lookups: the active memtable,
   * then the immutable ones newest first, each entered with {@link #enterSource}. True when they
   * settle the key ({@code ctx.isDone()}).
   */
  static boolean fromMemTables(MemTables mems, byte[] key, long seq, GetContext ctx) {
    enterSource(mems.active().tombstoneSet(), key, seq, ctx);
    mems.active().get(key, seq, ctx);
    if (ctx.isDone()) {
      return true;
    }
    List<MemTables.Frozen> immutables = mems.immutables();
    for (int i = 0; i < immutables.size(); i++) {
      MemTable t = immutables.get(i).table();
      enterSource(t.tombstoneSet(), key, seq, ctx);
      t.get(key, seq, ctx);
      if (ctx.isDone()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Before a source (memtable or file) feeds its entries: records the newest range tombstone of the
   * source, visible at {@code seq}, that covers the key. The context keeps the maximum over the
   * sources entered so far, so entering them newest first is all a lookup needs.
   */
  static void enterSource(TombstoneSet tombstones, byte[] key, long seq, GetContext ctx) {
    ctx.coveredBelow(coverIn(tombstones, key, seq));
  }

  /**
   * The calling thread's lookup context, reset for this lookup. A merge function may call back into
   * the store on the same thread; such a nested lookup gets a fresh context.
   */
  private GetContext context(byte[] key, long seq) {
    GetContext ctx = CONTEXT.get();
    if (ctx.inUse()) {
      ctx = new GetContext(key, seq, db.mergeFunction);
    } else {
      ctx.reset(key, seq, db.mergeFunction);
    }
    return ctx;
  }

  private static final ThreadLocal<GetContext> CONTEXT =
      ThreadLocal.withInitial(
          () -> {
            GetContext idle = new GetContext(new byte[0], 0, null);
            idle.clear();
            return idle;
          });

  private static long coverIn(TombstoneSet set, byte[] key, long seq) {
    return set.isEmpty() ? -1 : set.maxCoveringSequence(key, seq);
  }

  List<byte[]> multiGet(List<byte[]> keys, Snapshot snapshot) throws IOException {
    if (keys == null) {
      throw new IllegalArgumentException("keys must not be null");
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) == null) {
        throw new IllegalArgumentException("keys[" + i + "] must not be null");
      }
    }
    try (ReadView view = pin(snapshot)) {
      long seq = view.sequence;
      if (keys.size() <= 1) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
          out.add(get(view.mems, view.version, k, seq));
        }
        return out;
      }
      List<byte[]> indexed = keys instanceof RandomAccess ? keys : new ArrayList<>(keys);
      return new BatchGet(db.tables, db.mergeFunction, fetch, seq)
          .run(indexed, view.mems, view.version);
    }
  }

  DbIterator newIterator(ReadOptions options) throws IOException {
    byte[] lower = options.lowerBound();
    byte[] upper = options.upperBound();
    ReadView view = pin(options.snapshot());
    long seq = view.sequence;
    List<InternalIterator> children = new ArrayList<>();
    try {
      List<RangeTombstone> tombstones = new ArrayList<>();
      children.add(view.mems.active().newIterator());
      tombstones.addAll(view.mems.active().rangeTombstones());
      for (MemTables.Frozen f : view.mems.immutables()) {
        children.add(f.table().newIterator());
        tombstones.addAll(f.table().rangeTombstones());
      }
      // Bounds are [lower, upper): a file starting at upper is not needed, but the inclusive
      // overlap test keeps this simple and costs at most one idle file iterator.
      for (FileMetadata f : view.version.overlapping(0, lower, upper)) {
        children.add(db.tables.reader(f).newIterator());
        tombstones.addAll(db.tables.reader(f).rangeTombstones());
      }
      for (int level = 1; level < Version.NUM_LEVELS; level++) {
        List<FileMetadata> files = view.version.overlapping(level, lower, upper);
        if (files.isEmpty()) {
          continue;
        }
        for (FileMetadata f : files) {
          tombstones.addAll(db.tables.reader(f).rangeTombstones());
        }
        children.add(new LevelIterator(files, f -> db.tables.reader(f).newIterator()));
      }
      return new DbIteratorImpl(
          new MergingIterator(children),
          TombstoneSet.of(tombstones),
          seq,
          db.mergeFunction,
          lower,
          upper,
          view::close);
    } catch (IOException | RuntimeException e) {
      for (InternalIterator it : children) {
        it.close();
      }
      view.close();
      if (e instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw e;
    }
  }
}
