package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.compaction.MergeValues;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mergerandom measures the same operator on every engine: RocksDB's and ForSt's built-in {@code
 * uint64add} and Sediment's {@code MergeFunctions.uint64Add()} give the same bytes for the same
 * seeded operands, wrapping sums and operands of the wrong length (counted as 0) included, before
 * and after a flush and a full compaction.
 */
class CounterMergeParityTest {

  @TempDir Path tmp;

  @Test
  void everyEngineAddsCountersIdentically() throws IOException {
    SplittableRandom random = new SplittableRandom(0xC0FFEE);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> operands = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      keys.add(new byte[] {'c', (byte) random.nextInt(20)});
      int r = random.nextInt(20);
      byte[] op =
          r == 0
              ? new byte[random.nextInt(8)] // wrong length: 0 in every engine
              : r == 1 ? MergeValues.uint64(-1 - random.nextInt(3)) : Workloads.mergeOperand();
      operands.add(op);
    }
    List<String> expected = null;
    for (Engine engine : Engine.values()) {
      try (StoreFixture f = new StoreFixture(engine, BenchSettings.of(1 << 20, 1 << 20))) {
        for (int i = 0; i < keys.size(); i++) {
          f.store.merge(keys.get(i), operands.get(i));
          if (i == 200) {
            f.store.flush();
          }
        }
        List<String> before = read(f.store);
        f.store.flush();
        f.store.compactAll();
        List<String> after = read(f.store);
        assertEquals(before, after, engine + ": compaction changed a counter");
        if (expected == null) {
          expected = before;
        } else {
          assertEquals(expected, before, engine + " disagrees with " + Engine.values()[0]);
        }
      }
    }
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, Workloads.mergeOperand());
  }

  private static List<String> read(KvStore store) throws IOException {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      byte[] v = store.get(new byte[] {'c', (byte) k});
      out.add(v == null ? "null" : HexFormat.of().formatHex(v));
    }
    return out;
  }
}
