package io.sediment.lsm;

/**
 * A cursor over the user keys of a store as of one sequence number (the latest state when the
 * iterator was created, or a {@link Snapshot}), in ascending unsigned lexicographic order, within
 * optional bounds {@code [lowerBound, upperBound)} from {@link ReadOptions}. Only visible values
 * appear: deleted keys (point or range deletes) are skipped, merge operands are folded into values.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A new iterator is not positioned ({@link #isValid()} is false) until a seek.
 *   <li>{@link #seek} positions at the first key at or past the target, {@link #seekForPrev} at the
 *       last key at or before it, both within the bounds; the iterator is invalid when there is no
 *       such key.
 *   <li>{@link #next()} and {@link #prev()} require {@link #isValid()} (else {@link
 *       IllegalStateException}); changing direction is allowed at any time.
 *   <li>{@link #key()} and {@link #value()} return fresh arrays the caller owns; they require
 *       {@link #isValid()} (else {@link IllegalStateException}).
 *   <li>The view is stable: writes after the iterator was created are not seen. The iterator pins
 *       the memtables and files it reads until {@link #close()}: close it promptly.
 *   <li>I/O failures and corrupt data surface as {@link java.io.UncheckedIOException} whose cause
 *       is the {@link java.io.IOException} (a {@link CorruptionException} naming file and offset
 *       for bad data); the iterator is then invalid and may be re-positioned by a seek.
 *   <li>A merge operand met without a configured {@link MergeFunction}: {@link
 *       IllegalStateException} naming the key.
 *   <li>Not thread-safe. {@link #close()} is idempotent; any other call after it throws {@link
 *       IllegalStateException}.
 * </ul>
 */
public interface DbIterator extends AutoCloseable {

  /** Whether the iterator is positioned at a key. */
  boolean isValid();

  /** Positions at the first key (at or past the lower bound). */
  void seekToFirst();

  /** Positions at the last key (before the upper bound). */
  void seekToLast();

  /** Positions at the first key at or past {@code target}. */
  void seek(byte[] target);

  /** Positions at the last key at or before {@code target}. */
  void seekForPrev(byte[] target);

  /** Moves to the next key. */
  void next();

  /** Moves to the previous key. */
  void prev();

  /** A copy of the current key. */
  byte[] key();

  /** A copy of the current value. */
  byte[] value();

  /** Releases what the iterator pins. Idempotent. */
  @Override
  void close();
}
