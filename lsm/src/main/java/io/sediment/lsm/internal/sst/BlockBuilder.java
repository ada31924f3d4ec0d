package io.sediment.lsm.internal.sst;

import java.util.Arrays;

/**
 * Builds the uncompressed contents of a data or index block: entries with keys prefix-compressed
 * against the previous key, a full key every {@code restartInterval} entries (a restart point),
 * then the restart offsets and their count as u32 little-endian. See docs/format/sst.md.
 *
 * <p>Reused across blocks via {@link #reset()}; grows its buffers as needed and never shrinks them.
 */
final class BlockBuilder {

  private final int restartInterval;
  private byte[] buf = new byte[4096];
  private int size;
  private int[] restarts = new int[64];
  private int restartCount;
  private int sinceRestart;
  private int entryCount;
  private byte[] lastKey = new byte[64];
  private int lastKeyLength;
  private boolean finished;

  BlockBuilder(int restartInterval) {
    if (restartInterval < 1) {
      throw new IllegalArgumentException("restart interval must be positive: " + restartInterval);
    }
    this.restartInterval = restartInterval;
    reset();
  }

  /** Empties the builder for the next block. */
  void reset() {
    size = 0;
    restarts[0] = 0;
    restartCount = 1;
    sinceRestart = 0;
    entryCount = 0;
    lastKeyLength = 0;
    finished = false;
  }

  boolean isEmpty() {
    return entryCount == 0;
  }

  int entryCount() {
    return entryCount;
  }

  /** Size of the block if finished now. */
  int estimatedSize() {
    return size + 4 * restartCount + 4;
  }

  /** Size the block would have after adding an entry of these lengths (an upper bound). */
  int estimatedSizeAfter(int keyLength, int valueLength) {
    return estimatedSize()
        + 2 * Coding.varintLength(keyLength)
        + Coding.varintLength(valueLength)
        + keyLength
        + valueLength
        + (sinceRestart >= restartInterval ? 4 : 0);
  }

  /** Appends an entry; keys must come in the block's order (the caller checks). */
  void add(
      byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
    int shared = 0;
    if (sinceRestart >= restartInterval) {
      if (restartCount == restarts.length) {
        restarts = Arrays.copyOf(restarts, restartCount * 2);
      }
      restarts[restartCount++] = size;
      sinceRestart = 0;
    } else {
      int max = Math.min(lastKeyLength, keyLength);
      int mismatch = Arrays.mismatch(lastKey, 0, max, key, keyOffset, keyOffset + max);
      shared = mismatch < 0 ? max : mismatch;
    }
    int unshared = keyLength - shared;
    ensure(3 * Coding.MAX_VARINT32_BYTES + unshared + valueLength);
    size = Coding.putVarint32(buf, size, shared);
    size = Coding.putVarint32(buf, size, unshared);
    size = Coding.putVarint32(buf, size, valueLength);
    System.arraycopy(key, keyOffset + shared, buf, size, unshared);
    size += unshared;
    System.arraycopy(value, valueOffset, buf, size, valueLength);
    size += valueLength;

    if (lastKey.length < keyLength) {
      lastKey = Arrays.copyOf(lastKey, Math.max(keyLength, lastKey.length * 2));
    }
    System.arraycopy(key, keyOffset + shared, lastKey, shared, unshared);
    lastKeyLength = keyLength;
    sinceRestart++;
    entryCount++;
  }

  /** Appends the restart array; returns the block length. The bytes are {@link #array()}. */
  int finish() {
    if (!finished) {
      ensure(4 * restartCount + 4);
      for (int i = 0; i < restartCount; i++) {
        Coding.putIntLE(buf, size, restarts[i]);
        size += 4;
      }
      Coding.putIntLE(buf, size, restartCount);
      size += 4;
      finished = true;
    }
    return size;
  }

  /** The buffer holding the finished block in {@code [0, finish())}. */
  byte[] array() {
    return buf;
  }

  private void ensure(int extra) {
    long needed = (long) size + extra;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("block larger than 2 GiB: " + needed + " bytes");
      }
      buf =
          Arrays.copyOf(
              buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
    }
  }
}
