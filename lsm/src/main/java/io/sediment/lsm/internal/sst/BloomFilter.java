package io.sediment.lsm.internal.sst;

import java.util.Arrays;

/**
 * A whole-file bloom filter on user keys, as RocksDB and Pebble "full filters": a bit array probed
 * {@code k} times by double hashing of one XXH64 hash.
 *
 * <p>Encoding (the filter block's contents): the bit array (bit {@code i} is bit {@code i & 7} of
 * byte {@code i >>> 3}), then one byte {@code k}. Probe {@code j} of a key with hash {@code h} sets
 * or tests bit {@code floor(((h + j*delta) >>> 1) * numBits / 2^63)} where {@code delta =
 * rotateLeft(h, 21) | 1} and arithmetic is modulo 2^64; see docs/format/sst.md. A filter without
 * bits contains nothing.
 *
 * <p>Immutable and thread-safe once built.
 */
final class BloomFilter {

  /** Most probes a filter may declare; more would only cost time. */
  static final int MAX_PROBES = 30;

  private final byte[] bits;
  private final int bitsLength;
  private final long numBits;
  private final int probes;

  private BloomFilter(byte[] bits, int bitsLength, int probes) {
    this.bits = bits;
    this.bitsLength = bitsLength;
    this.numBits = 8L * bitsLength;
    this.probes = probes;
  }

  /**
   * Decodes filter block contents.
   *
   * @throws BlockFormatException if the probe count is out of range
   */
  static BloomFilter decode(byte[] contents) {
    if (contents.length < 1) {
      throw new BlockFormatException("filter block is empty, missing its probe count");
    }
    int probes = contents[contents.length - 1] & 0xFF;
    if (probes < 1 || probes > MAX_PROBES) {
      throw new BlockFormatException("filter probe count " + probes + " outside [1, 30]");
    }
    return new BloomFilter(contents, contents.length - 1, probes);
  }

  /** Probe count for a bits-per-key budget: about {@code bitsPerKey * ln 2}, within [1, 30]. */
  static int probesFor(int bitsPerKey) {
    return (int) Math.max(1, Math.min(MAX_PROBES, Math.round(bitsPerKey * 0.69)));
  }

  /** The hash every filter operation starts from. */
  static long hash(byte[] key, int offset, int length) {
    return XxHash64.hash(key, offset, length, 0);
  }

  /** False only if the key was certainly not added. */
  boolean mayContain(byte[] key, int offset, int length) {
    if (numBits == 0) {
      return false;
    }
    long h = hash(key, offset, length);
    long delta = Long.rotateLeft(h, 21) | 1;
    long range = numBits << 1;
    for (int j = 0; j < probes; j++) {
      long bit = Math.multiplyHigh(h >>> 1, range);
      if ((bits[(int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
      h += delta;
    }
    return true;
  }

  int probes() {
    return probes;
  }

  long numBits() {
    return numBits;
  }

  /** Bytes of the bit array. */
  int bitsLength() {
    return bitsLength;
  }

  /**
   * Collects key hashes and builds the filter contents. Callers add each distinct user key once
   * (adding a key twice only wastes space). Not thread-safe.
   */
  static final class Builder {

    // Hashes in fixed-size pages: a flush of a large memtable adds hundreds of thousands of keys,
    // and a doubling array would copy (and leave as garbage) twice what it finally holds.
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final int bitsPerKey;
    private long[][] pages = new long[8][];
    private int count;

    Builder(int bitsPerKey) {
      if (bitsPerKey < 1) {
        throw new IllegalArgumentException("bloom bits per key must be positive: " + bitsPerKey);
      }
      this.bitsPerKey = bitsPerKey;
    }

    void add(byte[] key, int offset, int length) {
      int page = count >>> PAGE_SHIFT;
      if (page == pages.length) {
        pages = Arrays.copyOf(pages, pages.length * 2);
      }
      if (pages[page] == null) {
        pages[page] = new long[PAGE_SIZE];
      }
      pages[page][count & (PAGE_SIZE - 1)] = hash(key, offset, length);
      count++;
    }

    int keyCount() {
      return count;
    }

    /** Filter block contents for the keys added so far. */
    byte[] finish() {
      int probes = probesFor(bitsPerKey);
      long wanted = count == 0 ? 0 : Math.max(64, (long) count * bitsPerKey);
      long bytes = (wanted + 7) / 8;
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("bloom filter of " + bytes + " bytes is too large");
      }
      byte[] out = new byte[(int) bytes + 1];
      long range = bytes * 8 * 2;
      for (int i = 0; i < count; i++) {
        long h = pages[i >>> PAGE_SHIFT][i & (PAGE_SIZE - 1)];
        long delta = Long.rotateLeft(h, 21) | 1;
        for (int j = 0; j < probes; j++) {
          long bit = Math.multiplyHigh(h >>> 1, range);
          out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
          h += delta;
        }
      }
      out[(int) bytes] = (byte) probes;
      return out;
    }
  }
}
