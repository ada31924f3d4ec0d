package io.sediment.lsm.internal;

import java.io.Closeable;

/**
 * A cursor over entries in internal-key order (see {@link InternalKey}), every version of every key
 * included. Memtables, data blocks, SST files, levels and merges of them all implement it.
 *
 * <p>Contract, in the spirit of leveldb's iterator header:
 *
 * <ul>
 *   <li>A new iterator is not positioned ({@link #isValid()} is false) until a seek.
 *   <li>{@link #seek} positions at the first entry whose internal key is at or past the target;
 *       {@link #seekForPrev} at the last entry at or before it; either leaves the iterator invalid
 *       if there is no such entry.
 *   <li>{@link #next()} and {@link #prev()} require {@link #isValid()}; switching direction is
 *       allowed.
 *   <li>The slices returned by the key and value accessors stay valid only until the next
 *       positioning call: the iterator may reuse its buffers (that is how it avoids allocating per
 *       step). Callers copy what they keep.
 *   <li>I/O failures and corruption surface as {@link java.io.UncheckedIOException} whose cause is
 *       the {@link java.io.IOException} (a {@link io.sediment.lsm.CorruptionException} naming file
 *       and offset for bad data); the iterator is then invalid.
 *   <li>Not thread-safe. {@link #close()} releases pinned blocks and files; it is idempotent.
 * </ul>
 */
public interface InternalIterator extends Closeable {

  boolean isValid();

  void seekToFirst();

  void seekToLast();

  /** First entry with internal key at or past {@code target[offset..offset+length)}. */
  void seek(byte[] target, int offset, int length);

  /** Last entry with internal key at or before {@code target[offset..offset+length)}. */
  void seekForPrev(byte[] target, int offset, int length);

  void next();

  void prev();

  /** Array holding the current internal key. */
  byte[] keyArray();

  int keyOffset();

  int keyLength();

  /** Array holding the current value. */
  byte[] valueArray();

  int valueOffset();

  int valueLength();

  /** Convenience seek on a whole internal key. */
  default void seek(byte[] target) {
    seek(target, 0, target.length);
  }

  /** Convenience seekForPrev on a whole internal key. */
  default void seekForPrev(byte[] target) {
    seekForPrev(target, 0, target.length);
  }

  @Override
  void close();
}
