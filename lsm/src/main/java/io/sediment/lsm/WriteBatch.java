package io.sediment.lsm;

import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.batch.BatchFormat;
import java.util.Arrays;

/**
 * An ordered group of writes applied atomically by {@code Db.write(batch)}: all or nothing, also
 * across a crash. Later operations in a batch see earlier ones (a put then a delete of the same key
 * leaves it deleted), exactly as if they were applied one by one.
 *
 * <p>Arguments are copied when added, so the caller may reuse its arrays. Not thread-safe.
 *
 * <p>The batch keeps its operations in their serialized form (see {@link BatchFormat}): {@link
 * #encode()} is a copy plus a checksum, which is what a write-ahead log stores, and {@link
 * #decode(byte[])} checks that checksum and every length before accepting bytes.
 */
public final class WriteBatch {

  /** Receives a batch's operations in the order they were added; see {@link #forEach}. */
  public interface Handler {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** Deletes every key in {@code [begin, end)}. */
    void deleteRange(byte[] begin, byte[] end);

    void merge(byte[] key, byte[] operand);
  }

  /** Largest encoded size of the operations, leaving room for header and checksum in an array. */
  static final int MAX_BYTES = Integer.MAX_VALUE - 64;

  private byte[] records = new byte[64];
  private int size;
  private int count;

  /** An empty batch. */
  public WriteBatch() {}

  /**
   * Sets {@code key} to {@code value}.
   *
   * @throws IllegalArgumentException if key or value is null
   * @throws IllegalStateException (from every adding method) if the batch would exceed 2 GiB
   */
  public WriteBatch put(byte[] key, byte[] value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    append(BatchFormat.PUT, key, value);
    return this;
  }

  /**
   * Deletes {@code key}.
   *
   * @throws IllegalArgumentException if key is null
   */
  public WriteBatch delete(byte[] key) {
    requireNonNull(key, "key");
    append(BatchFormat.DELETE, key, null);
    return this;
  }

  /**
   * Deletes every key in {@code [beginInclusive, endExclusive)}.
   *
   * @throws IllegalArgumentException if a bound is null or begin is not before end
   */
  public WriteBatch deleteRange(byte[] beginInclusive, byte[] endExclusive) {
    requireNonNull(beginInclusive, "beginInclusive");
    requireNonNull(endExclusive, "endExclusive");
    if (Arrays.compareUnsigned(beginInclusive, endExclusive) >= 0) {
      throw new IllegalArgumentException(
          "deleteRange begin "
              + Bytes.toDisplay(beginInclusive)
              + " must be before end "
              + Bytes.toDisplay(endExclusive));
    }
    append(BatchFormat.RANGE_DELETE, beginInclusive, endExclusive);
    return this;
  }

  /**
   * Adds a merge operand to {@code key}; the store must have a {@link MergeFunction} (else {@code
   * Db.write} throws {@link IllegalStateException}).
   *
   * @throws IllegalArgumentException if key or operand is null
   */
  public WriteBatch merge(byte[] key, byte[] operand) {
    requireNonNull(key, "key");
    requireNonNull(operand, "operand");
    append(BatchFormat.MERGE, key, operand);
    return this;
  }

  /** Number of operations. */
  public int count() {
    return count;
  }

  /** Whether the batch has no operations. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Number of range deletions among the operations. */
  public int rangeDeletionCount() {
    int[] n = new int[1];
    BatchFormat.forEachRecord(
        records,
        0,
        size,
        (type, key, value) -> {
          if (type == BatchFormat.RANGE_DELETE) {
            n[0]++;
          }
        });
    return n[0];
  }

  /** Removes every operation. */
  public void clear() {
    size = 0;
    count = 0;
  }

  /**
   * Approximate memory and encoded size in bytes: the keys and values plus a few bytes per
   * operation.
   */
  public long approximateSizeInBytes() {
    return size + BatchFormat.OVERHEAD_BYTES;
  }

  /**
   * Replays the operations into {@code handler} in the order they were added.
   *
   * @throws IllegalArgumentException if handler is null
   */
  public void forEach(Handler handler) {
    Checks.notNull(handler, "handler");
    BatchFormat.forEachRecord(
        records,
        0,
        size,
        (type, key, value) -> {
          switch (type) {
            case BatchFormat.PUT -> handler.put(key, value);
            case BatchFormat.DELETE -> handler.delete(key);
            case BatchFormat.RANGE_DELETE -> handler.deleteRange(key, value);
            case BatchFormat.MERGE -> handler.merge(key, value);
            default -> throw new IllegalStateException("unknown record type " + type);
          }
        });
  }

  /** The self-checking byte encoding of this batch (see {@link BatchFormat}). */
  public byte[] encode() {
    return BatchFormat.encode(records, size, count);
  }

  /**
   * Decodes bytes made by {@link #encode()}.
   *
   * @throws CorruptionException if the checksum, the format version, a length, a record type or the
   *     operation count does not check out
   */
  public static WriteBatch decode(byte[] data) throws CorruptionException {
    return decode(data, "<write batch>", 0);
  }

  /**
   * As {@link #decode(byte[])}, naming {@code file} and offsets from {@code fileOffset} (where the
   * encoded batch starts in that file) in errors.
   */
  public static WriteBatch decode(byte[] data, String file, long fileOffset)
      throws CorruptionException {
    Checks.notNull(data, "data");
    Checks.notNull(file, "file");
    int count = BatchFormat.validate(data, file, fileOffset);
    WriteBatch batch = new WriteBatch();
    int body = data.length - BatchFormat.HEADER_BYTES - BatchFormat.CHECKSUM_BYTES;
    batch.records = Arrays.copyOfRange(data, BatchFormat.HEADER_BYTES, data.length);
    batch.size = body;
    batch.count = count;
    return batch;
  }

  private void append(byte type, byte[] key, byte[] value) {
    // Varints take at most 5 bytes; long arithmetic so that huge batches fail cleanly.
    long needed = 1 + 5 + (long) key.length + (value == null ? 0 : 5 + (long) value.length);
    if (size + needed > MAX_BYTES) {
      throw new IllegalStateException(
          "write batch would exceed " + MAX_BYTES + " bytes (holds " + size + " bytes)");
    }
    if (size + needed > records.length) {
      records =
          Arrays.copyOf(
              records, (int) Math.min(MAX_BYTES, Math.max(records.length * 2L, size + needed)));
    }
    size = BatchFormat.writeRecord(records, size, type, key, value);
    count++;
  }

  private static void requireNonNull(byte[] arg, String name) {
    if (arg == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  @Override
  public String toString() {
    return "WriteBatch{count=" + count + ", bytes=" + size + "}";
  }
}
