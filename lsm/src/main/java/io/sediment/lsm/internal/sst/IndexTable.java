package io.sediment.lsm.internal.sst;

import io.sediment.lsm.internal.InternalKey;
import java.util.Arrays;

/**
 * The decoded index of an SST, kept on the heap for the reader's life: for each data block its
 * separator key (flat, in one array) and its handle.
 *
 * <p>Decoding checks the structure once, so lookups need no checks later: separators strictly
 * increasing, data blocks contiguous from offset 0 up to the first metadata block. Lookups are a
 * binary search over all separators (the index is a block with restart interval 1, so this is the
 * same search as over its restart points, minus the decoding). Immutable and thread-safe.
 */
final class IndexTable {

  private final byte[] keys;
  private final int[] keyStarts;
  private final long[] offsets;
  private final int[] sizes;
  private final int count;

  private IndexTable(byte[] keys, int[] keyStarts, long[] offsets, int[] sizes, int count) {
    this.keys = keys;
    this.keyStarts = keyStarts;
    this.offsets = offsets;
    this.sizes = sizes;
    this.count = count;
  }

  /**
   * Decodes index block contents.
   *
   * @param dataEnd offset where the data blocks must end (the first metadata block)
   * @throws BlockFormatException if the block does not decode or its structure is inconsistent
   */
  static IndexTable decode(byte[] contents, long dataEnd) {
    BlockIterator it = new BlockIterator(false);
    it.init(contents, 0, contents.length);
    byte[] keys = new byte[Math.max(16, contents.length)];
    int keyBytes = 0;
    int[] keyStarts = new int[17];
    long[] offsets = new long[16];
    int[] sizes = new int[16];
    int count = 0;
    long expectedOffset = 0;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * count);
        sizes = Arrays.copyOf(sizes, 2 * count);
        keyStarts = Arrays.copyOf(keyStarts, 2 * count + 1);
      }
      int keyLength = it.keyLength();
      if (count > 0
          && InternalKey.compare(
                  keys,
                  keyStarts[count - 1],
                  keyBytes - keyStarts[count - 1],
                  it.keyArray(),
                  0,
                  keyLength)
              >= 0) {
        throw new BlockFormatException("index separators out of order at entry " + count);
      }
      Decoder value = new Decoder(it.valueArray(), it.valueOffset(), it.valueLength());
      BlockHandle handle = BlockHandle.decode(value);
      if (!value.atEnd()) {
        // Not expectEnd(String): its message would be built for every entry of every index.
        value.expectEnd("block handle of index entry " + count);
      }
      if (handle.offset() != expectedOffset) {
        throw new BlockFormatException(
            "index entry "
                + count
                + " points at offset "
                + handle.offset()
                + " but the previous block ends at "
                + expectedOffset);
      }
      if (handle.size() > Integer.MAX_VALUE - 16 || handle.end() > dataEnd) {
        throw new BlockFormatException(
            "index entry " + count + " block of " + handle.size() + " bytes passes " + dataEnd);
      }
      if (keyBytes + keyLength > keys.length) {
        keys = Arrays.copyOf(keys, Math.max(keyBytes + keyLength, 2 * keys.length));
      }
      System.arraycopy(it.keyArray(), 0, keys, keyBytes, keyLength);
      keyStarts[count] = keyBytes;
      keyBytes += keyLength;
      offsets[count] = handle.offset();
      sizes[count] = (int) handle.size();
      expectedOffset = handle.end();
      count++;
    }
    if (expectedOffset != dataEnd) {
      throw new BlockFormatException(
          "data blocks end at " + expectedOffset + " but metadata starts at " + dataEnd);
    }
    keyStarts[count] = keyBytes;
    return new IndexTable(
        Arrays.copyOf(keys, keyBytes),
        Arrays.copyOf(keyStarts, count + 1),
        Arrays.copyOf(offsets, count),
        Arrays.copyOf(sizes, count),
        count);
  }

  /** Number of data blocks. */
  int count() {
    return count;
  }

  long offset(int block) {
    return offsets[block];
  }

  int size(int block) {
    return sizes[block];
  }

  /** The block starting at {@code offset}, or -1 if none does. */
  int blockAt(long offset) {
    int i = Arrays.binarySearch(offsets, 0, count, offset);
    return i >= 0 ? i : -1;
  }

  /** First block whose separator is at or after the target: the only block that can hold it. */
  int findBlock(byte[] target, int targetOffset, int targetLength) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int start = keyStarts[mid];
      int c =
          InternalKey.compare(
              keys, start, keyStarts[mid + 1] - start, target, targetOffset, targetLength);
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Bytes of heap this index holds, roughly. */
  long memoryBytes() {
    return keys.length + 4L * keyStarts.length + 12L * count;
  }
}
