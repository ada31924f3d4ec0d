package io.sediment.lsm.internal.sst;

import io.sediment.lsm.internal.InternalKey;
import java.util.Arrays;

/**
 * A cursor over the entries of one decoded block (see {@link BlockBuilder} for the layout), keys in
 * internal-key order.
 *
 * <p>Reusable: {@link #init} points it at another block without allocating. The current key is
 * rebuilt in an owned buffer (prefix compression means it is not contiguous in the block); the
 * value is a slice of the block's array. Seeks binary-search the restart points, whose keys are
 * stored whole and compared in place, then scan forward. {@link #prev()} finds the restart point
 * before the current entry by binary search and rescans from it, as leveldb does (stepping forward
 * does no restart bookkeeping at all).
 *
 * <p>Decoding is bounds-checked: malformed bytes throw {@link BlockFormatException} rather than
 * yield a wrong entry. Not thread-safe.
 */
final class BlockIterator {

  private static final int INVALID = -1;

  private final boolean pointEntries;
  private byte[] data;
  private int start;
  private int restartsOffset;
  private int restartCount;

  private int current = INVALID;
  private int nextOffset;

  private byte[] key = new byte[64];
  private int keyLength;
  private int valueOffset;
  private int valueLength;

  /**
   * @param pointEntries true for data blocks, whose keys must carry a PUT, DELETE or MERGE type;
   *     false for index blocks, whose separators may carry any type
   */
  BlockIterator(boolean pointEntries) {
    this.pointEntries = pointEntries;
  }

  /** Points the iterator at the block {@code data[offset, offset+length)}, unpositioned. */
  void init(byte[] data, int offset, int length) {
    if (length < 4) {
      throw new BlockFormatException(
          "block of " + length + " bytes is too short for a restart count");
    }
    int count = Coding.getIntLE(data, offset + length - 4);
    if (count < 1 || count > (length - 4) / 4) {
      throw new BlockFormatException(
          "restart count " + count + " does not fit a block of " + length + " bytes");
    }
    this.data = data;
    this.start = offset;
    this.restartCount = count;
    this.restartsOffset = offset + length - 4 - 4 * count;
    this.current = INVALID;
  }

  /** Drops the reference to the block's array. */
  void clear() {
    data = null;
    current = INVALID;
  }

  boolean isValid() {
    return current != INVALID;
  }

  byte[] keyArray() {
    return key;
  }

  int keyLength() {
    return keyLength;
  }

  byte[] valueArray() {
    return data;
  }

  int valueOffset() {
    return valueOffset;
  }

  int valueLength() {
    return valueLength;
  }

  /** Offset of the current entry relative to the block start (for messages). */
  int currentOffset() {
    return current - start;
  }

  void seekToFirst() {
    if (isEmpty()) {
      current = INVALID;
      return;
    }
    seekToRestartPoint(0);
    parseNextEntry();
  }

  void seekToLast() {
    if (isEmpty()) {
      current = INVALID;
      return;
    }
    seekToRestartPoint(restartCount - 1);
    while (parseNextEntry() && nextOffset < restartsOffset) {
      // Scan to the last entry.
    }
  }

  /** First entry whose key is at or past the target; invalid if none. */
  void seek(byte[] target, int targetOffset, int targetLength) {
    if (isEmpty()) {
      current = INVALID;
      return;
    }
    // Find the last restart point whose key is before the target.
    int left = 0;
    int right = restartCount - 1;
    while (left < right) {
      int mid = (left + right + 1) >>> 1;
      if (compareRestartKey(mid, target, targetOffset, targetLength) < 0) {
        left = mid;
      } else {
        right = mid - 1;
      }
    }
    seekToRestartPoint(left);
    while (parseNextEntry()) {
      if (InternalKey.compare(key, 0, keyLength, target, targetOffset, targetLength) >= 0) {
        return;
      }
    }
  }

  /** Last entry whose key is at or before the target; invalid if none. */
  void seekForPrev(byte[] target, int targetOffset, int targetLength) {
    seek(target, targetOffset, targetLength);
    if (!isValid()) {
      seekToLast();
    } else if (InternalKey.compare(key, 0, keyLength, target, targetOffset, targetLength) > 0) {
      prev();
    }
  }

  void next() {
    parseNextEntry();
  }

  void prev() {
    int original = current;
    // The restart point before the current entry: the last one whose offset is below it.
    int lo = 0;
    int hi = restartCount - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (restartOffset(mid) < original) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) {
      current = INVALID;
      return;
    }
    seekToRestartPoint(found);
    while (parseNextEntry() && nextOffset < original) {
      // Scan to the entry just before the original one.
    }
  }

  private boolean isEmpty() {
    return restartsOffset == start;
  }

  private int restartOffset(int index) {
    int off = Coding.getIntLE(data, restartsOffset + 4 * index);
    if (off < 0 || off >= restartsOffset - start) {
      throw new BlockFormatException(
          "restart point " + index + " has offset " + off + " outside the entries");
    }
    return start + off;
  }

  private void seekToRestartPoint(int index) {
    keyLength = 0;
    nextOffset = restartOffset(index);
    current = INVALID;
  }

  /** Compares the whole key stored at restart point {@code index} with the target, in place. */
  private int compareRestartKey(int index, byte[] target, int targetOffset, int targetLength) {
    int p = restartOffset(index);
    int shared;
    int unshared;
    if (p + 3 <= restartsOffset && (data[p] | data[p + 1] | data[p + 2]) >= 0) {
      shared = data[p];
      unshared = data[p + 1];
      p += 3;
    } else {
      long packed = readVarint(p);
      shared = (int) packed;
      packed = readVarint((int) (packed >>> 32));
      unshared = (int) packed;
      packed = readVarint((int) (packed >>> 32));
      p = (int) (packed >>> 32);
    }
    if (shared != 0) {
      throw new BlockFormatException(
          "restart point " + index + " shares " + shared + " bytes with a previous key");
    }
    if (unshared < InternalKey.TRAILER_BYTES || unshared > restartsOffset - p) {
      throw new BlockFormatException(
          "restart point " + index + " has a key of " + unshared + " bytes");
    }
    return InternalKey.compare(data, p, unshared, target, targetOffset, targetLength);
  }

  /**
   * Decodes the entry at {@link #nextOffset}; returns false (and becomes invalid) at the end of the
   * entries.
   */
  private boolean parseNextEntry() {
    int p = nextOffset;
    int limit = restartsOffset;
    if (p >= limit) {
      current = INVALID;
      return false;
    }
    int shared;
    int unshared;
    int vlen;
    if (p + 3 <= limit && (data[p] | data[p + 1] | data[p + 2]) >= 0) {
      // Fast path: all three lengths fit in one byte each.
      shared = data[p];
      unshared = data[p + 1];
      vlen = data[p + 2];
      p += 3;
    } else {
      long packed = readVarint(p);
      shared = (int) packed;
      p = (int) (packed >>> 32);
      packed = readVarint(p);
      unshared = (int) packed;
      p = (int) (packed >>> 32);
      packed = readVarint(p);
      vlen = (int) packed;
      p = (int) (packed >>> 32);
    }
    if (shared > keyLength || unshared > limit - p || vlen > limit - p - unshared) {
      throw new BlockFormatException(
          "entry at "
              + (nextOffset - start)
              + " (shared "
              + shared
              + ", unshared "
              + unshared
              + ", value "
              + vlen
              + ") does not fit the block");
    }
    int newLength = shared + unshared;
    if (newLength < InternalKey.TRAILER_BYTES) {
      throw new BlockFormatException(
          "entry at " + (nextOffset - start) + " has a key of " + newLength + " bytes");
    }
    if (newLength > key.length) {
      key = Arrays.copyOf(key, Math.max(newLength, key.length * 2));
    }
    System.arraycopy(data, p, key, shared, unshared);
    keyLength = newLength;
    if (pointEntries && (key[newLength - 1] & 0xFF) > 2) {
      throw new BlockFormatException(
          "entry at "
              + (nextOffset - start)
              + " has value type "
              + (key[newLength - 1] & 0xFF)
              + ", not PUT, DELETE or MERGE");
    }
    current = nextOffset;
    valueOffset = p + unshared;
    valueLength = vlen;
    nextOffset = valueOffset + vlen;
    return true;
  }

  /**
   * Decodes a varint32 at {@code p} within the entries; returns {@code (newPos << 32) | value}.
   * Values must fit in 31 bits.
   */
  private long readVarint(int p) {
    int result = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (p >= restartsOffset) {
        throw new BlockFormatException("varint runs past the entries at " + (p - start));
      }
      int b = data[p++] & 0xFF;
      result |= (b & 0x7F) << shift;
      if (b < 0x80) {
        if (result < 0) {
          throw new BlockFormatException("length out of range at " + (p - 1 - start));
        }
        return ((long) p << 32) | result;
      }
    }
    throw new BlockFormatException("varint longer than 5 bytes at " + (p - start));
  }
}
