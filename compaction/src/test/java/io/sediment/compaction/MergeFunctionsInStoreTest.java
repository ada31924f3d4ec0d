package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in merge function through a real store: seeded puts, merges and deletes on a few
 * keys, with flushes, compactions (which fold operands, partially where offered) and reopens; each
 * key must read as the sequential fold of what was written to it.
 */
class MergeFunctionsInStoreTest {

  private static final long SEED = Long.getLong("merge.seed", 0x5EED_0002L);

  @TempDir Path dir;

  @Test
  void uint64Add() throws IOException {
    run(MergeFunctions.uint64Add(), Generators.fixedWidth(8));
  }

  @Test
  void intSum() throws IOException {
    run(MergeFunctions.intSum(), Generators.fixedWidth(4));
  }

  @Test
  void longSum() throws IOException {
    run(MergeFunctions.longSum(), Generators.fixedWidth(8));
  }

  @Test
  void doubleSum() throws IOException {
    run(MergeFunctions.doubleSum(), Generators.fixedWidth(8));
  }

  @Test
  void longMaxAndMin() throws IOException {
    run(MergeFunctions.longMax(), Generators.fixedWidth(8));
    run(MergeFunctions.longMin(), Generators.fixedWidth(8));
  }

  @Test
  void lastValue() throws IOException {
    run(MergeFunctions.lastValue(), Generators.anyBytes());
  }

  @Test
  void listAppend() throws IOException {
    run(MergeFunctions.listAppend(), Generators.anyBytes());
  }

  @Test
  void aggregating() throws IOException {
    AggregatingMergeFunction<Long, long[]> avg =
        MergeFunctions.aggregating("avg", new MergeFunctionPropertyTest.Average());
    run(avg, random -> avg.operand(random.nextLong(1000)));
  }

  @Test
  void aStoreRefusesToReopenWithAnotherFunction() throws IOException {
    Path d = dir.resolve("refuse");
    try (Db db = Db.open(options(d, MergeFunctions.uint64Add()))) {
      db.merge(new byte[] {1}, MergeValues.uint64(1));
      db.flush();
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Db.open(options(d, MergeFunctions.longSum())).close());
  }

  private void run(MergeFunction f, MergeProperty.Gen gen) throws IOException {
    Path d = dir.resolve(f.name());
    SplittableRandom random = new SplittableRandom(SEED);
    Map<Integer, byte[]> model = new HashMap<>();
    Db db = Db.open(options(d, f));
    try {
      for (int i = 0; i < 3000; i++) {
        int k = random.nextInt(12);
        byte[] key = {(byte) 'k', (byte) k};
        int r = random.nextInt(100);
        if (r < 8) {
          byte[] v = gen.next(random);
          db.put(key, v);
          model.put(k, v);
        } else if (r < 10) {
          db.delete(key);
          model.remove(k);
        } else {
          byte[] op = gen.next(random);
          db.merge(key, op);
          model.put(k, f.fullMerge(key, model.get(k), List.of(op)));
        }
        if (i % 97 == 96) {
          db.flush();
        }
        if (i % 701 == 700) {
          db.compactRange(null, null);
        }
        if (i % 1103 == 1102) {
          db.close();
          db = Db.open(options(d, f));
        }
        if (i % 250 == 249) {
          check(f, db, model, "after op " + i);
        }
      }
      db.compactRange(null, null);
      check(f, db, model, "after the final compaction");
    } finally {
      db.close();
    }
    try (Db reopened = Db.open(options(d, f))) {
      check(f, reopened, model, "after reopening");
    }
  }

  private static void check(MergeFunction f, Db db, Map<Integer, byte[]> model, String when)
      throws IOException {
    for (int k = 0; k < 12; k++) {
      byte[] got = db.get(new byte[] {(byte) 'k', (byte) k});
      assertEquals(
          MergeProperty.hex(model.get(k)),
          MergeProperty.hex(got),
          f.name() + ", key " + k + ", " + when + " (seed " + SEED + ")");
    }
  }

  private static DbOptions options(Path d, MergeFunction f) {
    return DbOptions.builder(d.toUri().toString())
        .mergeFunction(f)
        .compression(Compression.NONE)
        .memtableBytes(4 * 1024)
        .l0CompactionTrigger(2)
        .build();
  }
}
