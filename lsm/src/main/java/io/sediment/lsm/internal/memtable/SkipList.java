package io.sediment.lsm.internal.memtable;

import io.sediment.lsm.internal.InternalKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A skiplist of internal-key entries for one writer at a time and any number of concurrent readers
 * without locks, after leveldb's {@code SkipList}.
 *
 * <p>Why it is safe: nodes are immutable except for their forward pointers, and a node is linked
 * into level {@code i} by a release-store into its predecessor's pointer after its own pointer at
 * that level was set. A reader loads pointers with acquire semantics, so any node it reaches is
 * fully initialized. Levels are linked bottom-up, so a node reachable at level {@code i} is already
 * in every level below: a reader never skips an entry that was published before its search began.
 * Nodes are never removed (a memtable only grows), so there is no reclamation problem. Writers must
 * be serialized by the caller.
 *
 * <p>Each node holds the internal key and the value in one array ({@code key || value}): one
 * allocation and one copy per entry, and iterators expose both as slices of it.
 */
final class SkipList {

  /** With branching 4, twelve levels keep searches logarithmic up to about 16M entries. */
  static final int MAX_HEIGHT = 12;

  private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(Node[].class);

  /** One entry; {@code data} is the internal key followed by the value. */
  static final class Node {
    final byte[] data;
    final int keyLength;
    private final Node[] next;

    Node(byte[] data, int keyLength, int height) {
      this.data = data;
      this.keyLength = keyLength;
      this.next = new Node[height];
    }

    Node next(int level) {
      return (Node) NEXT.getAcquire(next, level);
    }

    int height() {
      return next.length;
    }

    long trailer() {
      return InternalKey.trailer(data, 0, keyLength);
    }

    int valueLength() {
      return data.length - keyLength;
    }
  }

  private final Node head = new Node(new byte[0], 0, MAX_HEIGHT);
  private final Node[] splice = new Node[MAX_HEIGHT]; // writer-only scratch
  private volatile int height = 1;
  private long random;

  SkipList(long seed) {
    // xorshift needs a non-zero state
    this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  Node head() {
    return head;
  }

  /**
   * Links a new node. Writer only.
   *
   * @throws IllegalArgumentException if an entry with the same internal key exists
   */
  void insert(byte[] data, int keyLength) {
    Node[] prev = splice;
    Node before = lastBefore(data, 0, keyLength, false, prev);
    Node after = before.next(0);
    if (after != null
        && InternalKey.compare(after.data, 0, after.keyLength, data, 0, keyLength) == 0) {
      throw new IllegalArgumentException(
          "duplicate internal key " + InternalKey.toString(data, 0, keyLength));
    }
    int h = randomHeight();
    int current = height;
    if (h > current) {
      for (int i = current; i < h; i++) {
        prev[i] = head;
      }
      // Readers that see the new height before the node find null at the new levels: harmless.
      height = h;
    }
    Node x = new Node(data, keyLength, h);
    for (int i = 0; i < h; i++) {
      // x is not yet reachable, a plain store suffices; the release below publishes it.
      x.next[i] = prev[i].next(i);
      NEXT.setRelease(prev[i].next, i, x);
    }
  }

  /**
   * Last node whose internal key is before {@code target} (or at it, if {@code orEqual}); {@link
   * #head()} if none. Fills {@code prev} (if not null) with the last such node of every level.
   */
  Node lastBefore(byte[] target, int off, int len, boolean orEqual, Node[] prev) {
    Node x = head;
    int level = height - 1;
    while (true) {
      Node n = x.next(level);
      int c = n == null ? 1 : InternalKey.compare(n.data, 0, n.keyLength, target, off, len);
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
   * First node at or past the internal key {@code userKey || trailer}, without building that key;
   * null if none.
   */
  Node firstAtOrAfter(byte[] userKey, int off, int len, long trailer) {
    Node x = head;
    int level = height - 1;
    while (true) {
      Node n = x.next(level);
      if (n != null && compareToUserKey(n, userKey, off, len, trailer) < 0) {
        x = n;
      } else if (level == 0) {
        return n;
      } else {
        level--;
      }
    }
  }

  /** Last node, or {@link #head()} if the list is empty. */
  Node last() {
    Node x = head;
    int level = height - 1;
    while (true) {
      Node n = x.next(level);
      if (n != null) {
        x = n;
      } else if (level == 0) {
        return x;
      } else {
        level--;
      }
    }
  }

  static boolean userKeyEquals(Node n, byte[] userKey, int off, int len) {
    return Arrays.equals(
        n.data, 0, n.keyLength - InternalKey.TRAILER_BYTES, userKey, off, off + len);
  }

  private static int compareToUserKey(Node n, byte[] userKey, int off, int len, long trailer) {
    int c =
        Arrays.compareUnsigned(
            n.data, 0, n.keyLength - InternalKey.TRAILER_BYTES, userKey, off, off + len);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(trailer, n.trailer());
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
