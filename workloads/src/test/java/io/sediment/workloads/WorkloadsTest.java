package io.sediment.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.compaction.MergeValues;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

  @Test
  void keysHaveTheirSizeAndSortByIndex() {
    KeyValueGenerator g = KeyValueGenerator.ofShape("16/100");
    byte[] previous = null;
    for (long i : new long[] {0, 1, 255, 256, 65_535, 1L << 32, Long.MAX_VALUE}) {
      byte[] k = g.key(i);
      assertEquals(16, k.length);
      assertEquals(i, g.index(k));
      if (previous != null) {
        assertTrue(Arrays.compareUnsigned(previous, k) < 0, "key " + i + " sorts after the last");
      }
      previous = k;
    }
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0}, g.key(258));
  }

  @Test
  void valuesAreDeterministicFromTheSeedAndDifferBetweenIndexes() {
    KeyValueGenerator a = new KeyValueGenerator(16, 100, 42);
    KeyValueGenerator b = new KeyValueGenerator(16, 100, 42);
    KeyValueGenerator other = new KeyValueGenerator(16, 100, 43);
    for (long i = 0; i < 1000; i += 37) {
      assertArrayEquals(a.value(i), b.value(i));
      assertEquals(100, a.value(i).length);
    }
    assertFalse(Arrays.equals(a.value(5), a.value(6)));
    assertFalse(Arrays.equals(a.value(5), other.value(5)));
    assertEquals(0, new KeyValueGenerator(8, 0, 1).value(3).length);
  }

  @Test
  void valuesCompressToAboutHalfEvenInABlockOfNeighbours() {
    KeyValueGenerator g = KeyValueGenerator.ofShape("16/100");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (long i = 0; i < 40; i++) {
      all.writeBytes(g.value(i)); // one 4 KiB block of fillseq's values
    }
    byte[] raw = all.toByteArray();
    Deflater d = new Deflater();
    d.setInput(raw);
    d.finish();
    byte[] out = new byte[raw.length * 2];
    int n = d.deflate(out);
    d.end();
    double ratio = (double) n / raw.length;
    assertTrue(ratio > 0.45 && ratio < 0.7, "compression ratio " + ratio);
  }

  @Test
  void badShapesAndSizesAreRejectedNamingThem() {
    for (String s : new String[] {"16", "16/x", "4/100", "16/-1", "a/b/c"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> KeyValueGenerator.ofShape(s));
      assertTrue(e.getMessage().contains("'" + s + "'"), e.getMessage());
    }
  }

  @Test
  void theLoadOrderVisitsEveryIndexOnceInAScrambledDeterministicOrder() {
    for (long count : new long[] {0, 1, 2, 7, 1000, 4096, 4097}) {
      BitSet seen = new BitSet();
      LoadOrder order = new LoadOrder(count, Workloads.LOAD_SEED);
      long n = 0;
      long inOrder = 0;
      long last = -1;
      while (order.hasNext()) {
        long i = order.nextLong();
        assertFalse(seen.get((int) i), "index " + i + " twice");
        seen.set((int) i);
        if (i == last + 1) {
          inOrder++;
        }
        last = i;
        n++;
      }
      assertEquals(count, n);
      assertEquals(count, seen.cardinality());
      if (count >= 1000) {
        assertTrue(inOrder < count / 10, "hardly scrambled: " + inOrder + " of " + count);
      }
    }
    LoadOrder a = new LoadOrder(100, 3);
    LoadOrder b = new LoadOrder(100, 3);
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
    assertThrows(java.util.NoSuchElementException.class, a::nextLong);
  }

  @Test
  void keyChoicesAreFixedPerWorkloadAndThread() {
    for (Workload w : Workload.values()) {
      SplittableRandom r1 = w.random(0);
      SplittableRandom r2 = w.random(0);
      for (long step = 0; step < 100; step++) {
        long k = w.keyIndex(step, r1, 1000);
        assertEquals(k, w.keyIndex(step, r2, 1000));
        assertTrue(k >= 0 && k < 1000);
      }
      assertNotEquals(w.random(0).nextLong(), w.random(1).nextLong());
      assertNotEquals(w.random(0).nextLong(), w.writerRandom().nextLong());
    }
    SplittableRandom r = Workload.FILLSEQ.random(0);
    assertEquals(
        List.of(0L, 1L, 2L),
        List.of(
            Workload.FILLSEQ.keyIndex(0, r, 10),
            Workload.FILLSEQ.keyIndex(1, r, 10),
            Workload.FILLSEQ.keyIndex(2, r, 10)));
    assertThrows(IllegalArgumentException.class, () -> Workload.READRANDOM.keyIndex(0, r, 0));
  }

  @Test
  void fillsWriteTheLoadedValueAndOverwritesANewOne() {
    assertEquals(5, Workload.FILLRANDOM.valueIndex(5, 17));
    assertEquals(5, Workload.FILLSEQ.valueIndex(5, 5));
    assertEquals(23, Workload.OVERWRITE.valueIndex(5, 17));
    assertNotEquals(5, Workload.READWHILEWRITING.valueIndex(5, 0));
  }

  @Test
  void theDefinitionsNameStatesOperationsAndTheCounterMerge() {
    assertEquals(
        List.of(
            "fillseq",
            "fillrandom",
            "overwrite",
            "readrandom",
            "seekrandom",
            "readwhilewriting",
            "mergerandom"),
        Arrays.stream(Workload.values()).map(Workload::commandName).toList());
    assertEquals(Workload.Preparation.LOADED_COMPACTED, Workload.SEEKRANDOM.preparation());
    assertEquals(Workload.Preparation.LOADED, Workload.READWHILEWRITING.preparation());
    assertEquals(Workload.Operation.MERGE, Workload.MERGERANDOM.operation());
    assertEquals(Workload.SEEKRANDOM, Workload.byName("seekrandom"));
    assertEquals(100, Workload.SEEKRANDOM.operations(1000));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Workload.byName("fill"));
    assertTrue(e.getMessage().contains("'fill'"));
    assertEquals("sediment.uint64add", Workloads.counterMerge().name());
    assertEquals(1, MergeValues.readUint64(Workloads.mergeOperand()));
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, Workloads.mergeOperand());
  }
}
