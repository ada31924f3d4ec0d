package io.sediment.lsm.internal.memtable;

import java.util.Arrays;

/**
 * Memory of one memtable: large {@code byte[]} chunks that entries are carved from, addressed by
 * 32-bit handles. Single writer (allocation), any number of readers.
 *
 * <p>Why: a skiplist of one Java object per entry (or three: node, pointer array, data array)
 * spreads an entry over several cache lines and gives the garbage collector millions of small
 * objects to trace and copy while the memtable lives. Here an entry is a contiguous run of bytes
 * inside a chunk, so a search step touches one cache line and the collector sees a few large arrays
 * without references.
 *
 * <p>Addresses: {@code (chunkIndex << 17) | (offset >>> 3)}. Blocks start 8-byte aligned, offsets
 * below 1 MiB (the largest regular chunk) fit in 17 bits, leaving 15 bits (32768 chunks) for the
 * chunk index. An entry too large for a regular chunk gets a chunk of its own at offset 0, so its
 * address stays encodable however large it is. The skiplist addresses a node past the node's
 * pointers, never at a block's first byte, so to it address 0 means null.
 *
 * <p>Publication: a chunk is stored into the chunk table (or a grown copy of it is published
 * through the volatile field) before any block in it is written, and blocks become reachable to
 * readers only through a release-store after they are written (see {@link SkipList}). A reader that
 * obtained an address by an acquire-load therefore finds the chunk in the table it reads next.
 */
final class Arena {

  /** Offset bits of an address, in 8-byte units: offsets up to 1 MiB. */
  static final int OFFSET_BITS = 17;

  /** Largest regular chunk; larger blocks get a chunk of their own. */
  static final int MAX_CHUNK_BYTES = 1 << (OFFSET_BITS + 3);

  /** Blocks larger than this go to a dedicated chunk, so a chunk's unused tail stays small. */
  static final int DEDICATED_BLOCK_BYTES = MAX_CHUNK_BYTES / 4;

  /** Chunk indexes must fit the 15 high bits of an address. */
  static final int MAX_CHUNKS = 1 << (32 - OFFSET_BITS);

  /** Largest block: a Java array's limit, rounded down to the alignment. */
  static final int MAX_BLOCK_BYTES = Integer.MAX_VALUE - 15;

  private static final int FIRST_CHUNK_BYTES = 4 << 10;

  private volatile byte[][] chunks = new byte[8][];

  // Writer-only state.
  private int chunkCount;
  private byte[] current;
  private int currentIndex = -1;
  private int used;
  private int nextChunkBytes = FIRST_CHUNK_BYTES;
  private long allocatedBytes;

  /** Rounds {@code n} up to a multiple of 8. */
  static long align8(long n) {
    return (n + 7) & ~7L;
  }

  /**
   * Reserves {@code size} bytes (a positive multiple of 8), zeroed, and returns the address of
   * their start. Writer only.
   *
   * @throws IllegalArgumentException if {@code size} is not a positive multiple of 8 or exceeds
   *     {@link #MAX_BLOCK_BYTES}
   * @throws IllegalStateException if the arena has no chunk index left (more than 32768 chunks)
   */
  int allocate(int size) {
    if (size <= 0 || (size & 7) != 0 || size > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException("memtable block size " + size);
    }
    if (size > DEDICATED_BLOCK_BYTES) {
      int index = addChunk(new byte[size]);
      return address(index, 0);
    }
    if (current == null || current.length - used < size) {
      int bytes = nextChunkBytes;
      while (bytes < size) {
        bytes <<= 1;
      }
      nextChunkBytes = Math.min(MAX_CHUNK_BYTES, bytes << 1);
      current = new byte[bytes];
      currentIndex = addChunk(current);
      used = 0;
    }
    int offset = used;
    used += size;
    return address(currentIndex, offset);
  }

  private int addChunk(byte[] chunk) {
    if (chunkCount == MAX_CHUNKS) {
      throw new IllegalStateException(
          "memtable arena is full: " + MAX_CHUNKS + " chunks, " + allocatedBytes + " bytes");
    }
    byte[][] table = chunks;
    if (chunkCount == table.length) {
      table = Arrays.copyOf(table, Math.min(MAX_CHUNKS, table.length * 2));
      table[chunkCount] = chunk;
      chunks = table; // volatile: publishes the grown table with the new chunk in it
    } else {
      table[chunkCount] = chunk; // published by the release-store that links its first block
    }
    allocatedBytes += chunk.length;
    return chunkCount++;
  }

  private static int address(int chunkIndex, int offset) {
    return (chunkIndex << OFFSET_BITS) | (offset >>> 3);
  }

  /** The chunk holding {@code address}. */
  byte[] chunk(int address) {
    return chunks[address >>> OFFSET_BITS];
  }

  /** Byte offset of {@code address} inside its chunk. */
  static int offset(int address) {
    return (address & ((1 << OFFSET_BITS) - 1)) << 3;
  }

  /** Bytes of all chunks allocated so far (used or not). Writer only. */
  long allocatedBytes() {
    return allocatedBytes;
  }
}
