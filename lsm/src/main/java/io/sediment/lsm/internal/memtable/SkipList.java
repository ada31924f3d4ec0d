package io.sediment.lsm.internal.memtable;

import io.sediment.lsm.internal.InternalKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A skiplist of internal-key entries laid out in an {@link Arena}, for one writer at a time and any
 * number of concurrent readers without locks, after leveldb's {@code SkipList} and RocksDB's {@code
 * InlineSkipList}.
 *
 * <p>Node layout: a node is one block of the arena, its forward pointers first, highest level
 * first, then the entry:
 *
 * <pre>
 *   [padding to 8] [next(h-1)] ... [next(1)] [next(0)] | keyLength:int valueLength:int key value
 *                                                      ^ the node's address points here
 * </pre>
 *
 * Pointers are 32-bit arena addresses (0: none), ints are in native byte order. Pointer {@code i}
 * sits {@code 4 * (i + 1)} bytes before the address, so neither a search nor an iteration needs the
 * node's height, and the pointer followed and the key compared next to it share a cache line.
 *
 * <p>Why it is safe: a node's bytes never change after it is linked, except its forward pointers; a
 * node is linked into level {@code i} by a release-store into its predecessor's pointer after its
 * own bytes and pointer at that level were written. A reader loads pointers with acquire semantics,
 * so any node it reaches is fully written. Levels are linked bottom-up, so a node reachable at
 * level {@code i} is already in every level below: a reader never skips an entry that was published
 * before its search began. Nodes are never removed (a memtable only grows), so there is no
 * reclamation problem. Writers must be serialized by the caller.
 */
final class SkipList {

  /** With branching 4, twelve levels keep searches logarithmic up to about 16M entries. */
  static final int MAX_HEIGHT = 12;

  /** Bytes of a node's header after its pointers: key length and value length. */
  static final int HEADER_BYTES = 8;

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private final Arena arena = new Arena();
  private final int head;
  private final int[] splice = new int[MAX_HEIGHT]; // writer-only scratch
  private volatile int height = 1;
  private long random;

  SkipList(long seed) {
    // xorshift needs a non-zero state
    this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    int block = arena.allocate(MAX_HEIGHT * 4 + HEADER_BYTES);
    this.head = block + ((MAX_HEIGHT * 4) >>> 3);
  }

  /** Bytes a node with these lengths takes in the arena at {@code height}. */
  static long nodeBytes(int height, long keyLength, long valueLength) {
    return Arena.align8(pointerBytes(height) + HEADER_BYTES + keyLength + valueLength);
  }

  private static int pointerBytes(int height) {
    return (int) Arena.align8(4L * height);
  }

  int head() {
    return head;
  }

  /** Bytes of all arena chunks, used or not. Writer only. */
  long arenaBytes() {
    return arena.allocatedBytes();
  }

  // ------------------------------------------------------------------------------ node accessors

  /** The array holding node {@code node}'s key and value. */
  byte[] array(int node) {
    return arena.chunk(node);
  }

  static int keyOffset(int node) {
    return Arena.offset(node) + HEADER_BYTES;
  }

  int keyLength(int node) {
    return (int) INT.get(arena.chunk(node), Arena.offset(node));
  }

  int valueOffset(int node) {
    return keyOffset(node) + keyLength(node);
  }

  int valueLength(int node) {
    return (int) INT.get(arena.chunk(node), Arena.offset(node) + 4);
  }

  long trailer(int node) {
    return InternalKey.trailer(array(node), keyOffset(node), keyLength(node));
  }

  /** The node after {@code node} at {@code level}, or 0. */
  int next(int node, int level) {
    return (int) INT.getAcquire(arena.chunk(node), Arena.offset(node) - 4 * (level + 1));
  }

  // ------------------------------------------------------------------------------ writer

  /**
   * Copies {@code userKey || trailer} and the value into a new node and links it. Writer only.
   *
   * @return bytes the node takes in the arena
   * @throws IllegalArgumentException if an entry with the same internal key exists, or the entry is
   *     too large for one array
   */
  int insert(byte[] userKey, long trailer, byte[] value) {
    int h = randomHeight();
    int keyLength = userKey.length + InternalKey.TRAILER_BYTES;
    long size = nodeBytes(h, keyLength, value.length);
    if (size > Arena.MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(
          "memtable entry too large: key of "
              + userKey.length
              + " bytes, value of "
              + value.length
              + " bytes");
    }
    int block = arena.allocate((int) size);
    int node = block + (pointerBytes(h) >>> 3);
    byte[] c = arena.chunk(node);
    int off = Arena.offset(node);
    INT.set(c, off, keyLength);
    INT.set(c, off + 4, value.length);
    int keyOff = off + HEADER_BYTES;
    System.arraycopy(userKey, 0, c, keyOff, userKey.length);
    InternalKey.putTrailer(c, keyOff + userKey.length, trailer);
    System.arraycopy(value, 0, c, keyOff + keyLength, value.length);

    int[] prev = splice;
    int before = lastBefore(c, keyOff, keyLength, false, prev);
    int after = next(before, 0);
    if (after != 0
        && InternalKey.compare(
                array(after), keyOffset(after), keyLength(after), c, keyOff, keyLength)
            == 0) {
      // The block stays unreachable garbage in the arena; the caller does not count it.
      throw new IllegalArgumentException(
          "duplicate internal key " + InternalKey.toString(c, keyOff, keyLength));
    }
    int current = height;
    if (h > current) {
      for (int i = current; i < h; i++) {
        prev[i] = head;
      }
      // Readers that see the new height before the node find nothing at the new levels: harmless.
      height = h;
    }
    for (int i = 0; i < h; i++) {
      // The node is not yet reachable: a plain store suffices; the release below publishes it.
      INT.set(c, off - 4 * (i + 1), next(prev[i], i));
      INT.setRelease(array(prev[i]), Arena.offset(prev[i]) - 4 * (i + 1), node);
    }
    return (int) size;
  }

  // ------------------------------------------------------------------------------ searches

  /**
   * Last node whose internal key is before {@code target} (or at it, if {@code orEqual}); {@link
   * #head()} if none. Fills {@code prev} (if not null) with the last such node of every level.
   */
  int lastBefore(byte[] target, int off, int len, boolean orEqual, int[] prev) {
    int x = head;
    int level = height - 1;
    while (true) {
      int n = next(x, level);
      int c =
          n == 0 ? 1 : InternalKey.compare(array(n), keyOffset(n), keyLength(n), target, off, len);
      if (c < 0 || (orEqual && c == 0)) {
        x = n;
      } else {
        if (prev != null) {
          prev[level] = x;
        }
        if (level == 0) {
          return x;
        }
        level--;
      }
    }
  }

  /**
   * First node at or past the internal key {@code userKey || trailer}, without building that key; 0
   * if none.
   */
  int firstAtOrAfter(byte[] userKey, int off, int len, long trailer) {
    int x = head;
    int level = height - 1;
    while (true) {
      int n = next(x, level);
      if (n != 0 && compareToUserKey(n, userKey, off, len, trailer) < 0) {
        x = n;
      } else if (level == 0) {
        return n;
      } else {
        level--;
      }
    }
  }

  /** Last node, or {@link #head()} if the list is empty. */
  int last() {
    int x = head;
    int level = height - 1;
    while (true) {
      int n = next(x, level);
      if (n != 0) {
        x = n;
      } else if (level == 0) {
        return x;
      } else {
        level--;
      }
    }
  }

  boolean userKeyEquals(int node, byte[] userKey, int off, int len) {
    return keyLength(node) - InternalKey.TRAILER_BYTES == len
        && InternalKey.compareUserKeys(array(node), keyOffset(node), len, userKey, off, len) == 0;
  }

  private int compareToUserKey(int node, byte[] userKey, int off, int len, long trailer) {
    byte[] a = array(node);
    int keyOff = keyOffset(node);
    int keyLength = keyLength(node);
    int c =
        InternalKey.compareUserKeys(
            a, keyOff, keyLength - InternalKey.TRAILER_BYTES, userKey, off, len);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(trailer, InternalKey.trailer(a, keyOff, keyLength));
  }

  private int randomHeight() {
    int h = 1;
    while (h < MAX_HEIGHT && (nextRandom() & 3) == 0) {
      h++;
    }
    return h;
  }

  private long nextRandom() {
    long x = random;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    random = x;
    return x >>> 32;
  }
}
