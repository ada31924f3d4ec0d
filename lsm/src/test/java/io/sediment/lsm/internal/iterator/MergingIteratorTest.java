package io.sediment.lsm.internal.iterator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.memtable.MemTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random sources (memtables holding disjoint sequence numbers) merged, against one sorted model:
 * scans both ways, seeks, and random walks with direction changes. A failure names its seed.
 */
class MergingIteratorTest {

  @Test
  void matchesASortedModel() {
    for (long seed = 1; seed <= 200; seed++) {
      try {
        runSeed(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("merging iterator test failed for seed " + seed, e);
      }
    }
  }

  private static void runSeed(long seed) {
    Random r = new Random(seed);
    int sources = r.nextInt(6); // zero sources too
    List<MemTable> tables = new ArrayList<>();
    TreeMap<byte[], byte[]> model = new TreeMap<>(InternalKey::compare);
    long seq = 0;
    for (int s = 0; s < sources; s++) {
      MemTable m = new MemTable(seed + s);
      tables.add(m);
      int n = r.nextInt(r.nextBoolean() ? 5 : 200);
      for (int i = 0; i < n; i++) {
        byte[] k = new byte[r.nextInt(3)];
        r.nextBytes(k);
        ValueType type = ValueType.fromCode(r.nextInt(3));
        byte[] v = ("s" + s + "v" + (++seq)).getBytes(StandardCharsets.UTF_8);
        m.add(seq, type, k, v);
        model.put(InternalKey.encode(k, seq, type), v);
      }
    }
    List<byte[]> keys = new ArrayList<>(model.keySet());
    List<InternalIterator> children = new ArrayList<>();
    tables.forEach(t -> children.add(t.newIterator()));
    try (MergingIterator it = new MergingIterator(children)) {
      assertFalse(it.isValid());
      int i = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertAt(keys.get(i++), model, it);
      }
      assertEquals(keys.size(), i);
      i = keys.size();
      for (it.seekToLast(); it.isValid(); it.prev()) {
        assertAt(keys.get(--i), model, it);
      }
      assertEquals(0, i);

      int pos = -1;
      for (int step = 0; step < 300; step++) {
        int action = r.nextInt(10);
        if (action == 0) {
          it.seekToFirst();
          pos = keys.isEmpty() ? -1 : 0;
        } else if (action == 1) {
          it.seekToLast();
          pos = keys.size() - 1;
        } else if (action == 2 || action == 3) {
          byte[] uk = new byte[r.nextInt(3)];
          r.nextBytes(uk);
          byte[] target =
              InternalKey.encode(uk, r.nextInt((int) seq + 2), ValueType.fromCode(r.nextInt(4)));
          byte[] want;
          if (action == 2) {
            it.seek(target);
            want = model.ceilingKey(target);
          } else {
            it.seekForPrev(target);
            want = model.floorKey(target);
          }
          pos = want == null ? -1 : keys.indexOf(want);
        } else if (pos >= 0 && action < 7) {
          it.next();
          pos = pos + 1 < keys.size() ? pos + 1 : -1;
        } else if (pos >= 0) {
          it.prev();
          pos--;
        }
        if (pos < 0) {
          assertFalse(it.isValid(), "step " + step);
        } else {
          assertAt(keys.get(pos), model, it);
        }
      }
    }
  }

  @Test
  void closeClosesChildrenAndRejectsUse() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, new byte[] {1}, new byte[] {2});
    boolean[] closed = {false};
    InternalIterator child = m.newIterator();
    InternalIterator tracking =
        new ForwardingIterator(child) {
          @Override
          public void close() {
            closed[0] = true;
            super.close();
          }
        };
    MergingIterator it = new MergingIterator(List.of(tracking));
    it.seekToFirst();
    assertTrue(it.isValid());
    it.close();
    it.close();
    assertTrue(closed[0]);
    assertFalse(it.isValid());
    assertThrows(IllegalStateException.class, it::seekToFirst);
  }

  private static void assertAt(byte[] key, TreeMap<byte[], byte[]> model, InternalIterator it) {
    assertTrue(it.isValid(), "expected " + InternalKey.toString(key, 0, key.length));
    assertArrayEquals(
        key,
        Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()),
        () -> "at " + InternalKey.toString(it.keyArray(), it.keyOffset(), it.keyLength()));
    assertArrayEquals(
        model.get(key),
        Arrays.copyOfRange(it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
  }

  /** Delegates everything; subclasses override what they observe. */
  private static class ForwardingIterator implements InternalIterator {
    private final InternalIterator d;

    ForwardingIterator(InternalIterator d) {
      this.d = d;
    }

    @Override
    public boolean isValid() {
      return d.isValid();
    }

    @Override
    public void seekToFirst() {
      d.seekToFirst();
    }

    @Override
    public void seekToLast() {
      d.seekToLast();
    }

    @Override
    public void seek(byte[] t, int o, int l) {
      d.seek(t, o, l);
    }

    @Override
    public void seekForPrev(byte[] t, int o, int l) {
      d.seekForPrev(t, o, l);
    }

    @Override
    public void next() {
      d.next();
    }

    @Override
    public void prev() {
      d.prev();
    }

    @Override
    public byte[] keyArray() {
      return d.keyArray();
    }

    @Override
    public int keyOffset() {
      return d.keyOffset();
    }

    @Override
    public int keyLength() {
      return d.keyLength();
    }

    @Override
    public byte[] valueArray() {
      return d.valueArray();
    }

    @Override
    public int valueOffset() {
      return d.valueOffset();
    }

    @Override
    public int valueLength() {
      return d.valueLength();
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
