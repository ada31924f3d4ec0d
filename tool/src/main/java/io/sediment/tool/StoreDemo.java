package io.sediment.tool;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.MergeValues;
import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * The store section of {@code sediment demo}: writes with every kind of update, reads them back
 * every way the API offers, flushes, compacts, reopens and reads again, then prints the store's
 * statistics. Every read is checked against what the demo wrote; a wrong answer fails the run with
 * an {@link IllegalStateException} naming the key.
 */
final class StoreDemo {

  static final int KEYS = 20_000;
  static final int VALUE_BYTES = 100;
  static final int COUNTERS = 10;
  static final int MERGES_PER_COUNTER = 100;

  /** Keys [0, 100) are overwritten by a batch, [100, 110) deleted by it. */
  static final int BATCH_PUTS = 100;

  static final int BATCH_DELETES = 10;

  /** Keys [1000, 2000) are removed by one range deletion. */
  static final int RANGE_BEGIN = 1000;

  static final int RANGE_END = 2000;
  private static final long SEED = 2026;

  private final PrintStream out;
  private final Steps steps;

  StoreDemo(PrintStream out, Steps steps) {
    this.out = out;
    this.steps = steps;
  }

  static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] counterKey(int c) {
    return ("counter-" + c).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] value(int i, String generation) {
    byte[] v = new byte[VALUE_BYTES];
    byte[] text = (generation + "-" + i + ";").getBytes(StandardCharsets.US_ASCII);
    for (int p = 0; p < v.length; p++) {
      v[p] = text[p % text.length];
    }
    return v;
  }

  /** What the demo's writes leave under key index {@code i}, null when it is deleted. */
  static byte[] expected(int i) {
    if (i < BATCH_PUTS) {
      return value(i, "batch");
    }
    if (i < BATCH_PUTS + BATCH_DELETES || (i >= RANGE_BEGIN && i < RANGE_END)) {
      return null;
    }
    return value(i, "put");
  }

  /** Live keys once all writes are done. */
  static int expectedLiveKeys() {
    return KEYS - BATCH_DELETES - (RANGE_END - RANGE_BEGIN) + COUNTERS;
  }

  void run(URI dir, Configuration conf) throws IOException {
    DbOptions options =
        DbOptions.builder(dir.toString())
            .hadoopConfiguration(conf)
            .mergeFunction(MergeFunctions.uint64Add())
            .compression(Compression.LZ4)
            .memtableBytes(512 * 1024)
            .build();
    Db[] db = new Db[1];
    try {
      steps.run(
          "open a new store",
          () -> {
            db[0] = Db.open(options);
            return dir.toString();
          });
      steps.run(
          "put " + KEYS + " keys of " + VALUE_BYTES + "-byte values",
          () -> {
            for (int i = 0; i < KEYS; i++) {
              db[0].put(key(i), value(i, "put"));
            }
            return "key00000000 .. " + new String(key(KEYS - 1), StandardCharsets.US_ASCII);
          });
      steps.run(
          "write one atomic batch",
          () -> {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < BATCH_PUTS; i++) {
              batch.put(key(i), value(i, "batch"));
            }
            for (int i = BATCH_PUTS; i < BATCH_PUTS + BATCH_DELETES; i++) {
              batch.delete(key(i));
            }
            int count = batch.count();
            db[0].write(batch);
            return count + " updates: " + BATCH_PUTS + " overwrites, " + BATCH_DELETES + " deletes";
          });
      steps.run(
          "delete a range",
          () -> {
            db[0].deleteRange(key(RANGE_BEGIN), key(RANGE_END));
            return "["
                + new String(key(RANGE_BEGIN), StandardCharsets.US_ASCII)
                + ", "
                + new String(key(RANGE_END), StandardCharsets.US_ASCII)
                + ") with one tombstone";
          });
      steps.run(
          "merge into " + COUNTERS + " counters",
          () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            int[] left = new int[COUNTERS];
            Arrays.fill(left, MERGES_PER_COUNTER);
            int total = COUNTERS * MERGES_PER_COUNTER;
            // Interleave the counters in a seeded random order, each getting exactly its share.
            for (int done = 0; done < total; done++) {
              int c = random.nextInt(COUNTERS);
              while (left[c] == 0) {
                c = (c + 1) % COUNTERS;
              }
              left[c]--;
              db[0].merge(counterKey(c), MergeValues.uint64(1));
            }
            return total + " merges of +1 with the counter merge function (seed " + SEED + ")";
          });
      steps.run("read back with get", () -> checkGets(db[0]));
      steps.run("read back with multiGet", () -> checkMultiGet(db[0]));
      steps.run("scan everything with an iterator", () -> checkScan(db[0]));
      steps.run(
          "flush the memtable",
          () -> {
            db[0].flush();
            return levels(db[0].stats());
          });
      steps.run(
          "compact the whole key range",
          () -> {
            db[0].compactRange(null, null);
            return levels(db[0].stats());
          });
      out.println("    store statistics of this session:");
      printStats(out, db[0].stats());
      steps.run(
          "close and reopen",
          () -> {
            db[0].close();
            db[0] = null;
            db[0] = Db.open(options);
            return levels(db[0].stats());
          });
      steps.run("read back again with get", () -> checkGets(db[0]));
      steps.run("scan again", () -> checkScan(db[0]));
      DbStats stats = db[0].stats();
      out.println("    store statistics since the reopen:");
      printStats(out, stats);
      steps.run(
          "close",
          () -> {
            db[0].close();
            db[0] = null;
            return "the store is left in " + dir;
          });
    } finally {
      if (db[0] != null) {
        db[0].close();
      }
    }
  }

  private static String checkGets(Db db) throws IOException {
    int found = 0;
    for (int i = 0; i < KEYS; i += 7) {
      byte[] actual = db.get(key(i));
      check(i, actual);
      found += actual == null ? 0 : 1;
    }
    for (int c = 0; c < COUNTERS; c++) {
      byte[] counter = db.get(counterKey(c));
      long value = counter == null ? -1 : MergeValues.readUint64(counter);
      if (value != MERGES_PER_COUNTER) {
        throw new IllegalStateException("counter-" + c + " is " + value);
      }
    }
    return "every 7th key: "
        + found
        + " found with the expected value, the rest deleted as expected; each counter is "
        + MERGES_PER_COUNTER;
  }

  private static String checkMultiGet(Db db) throws IOException {
    List<byte[]> keys = new ArrayList<>();
    for (int i = RANGE_BEGIN - 50; i < RANGE_BEGIN + 50; i++) {
      keys.add(key(i));
    }
    List<byte[]> values = db.multiGet(keys);
    int found = 0;
    for (int k = 0; k < keys.size(); k++) {
      check(RANGE_BEGIN - 50 + k, values.get(k));
      found += values.get(k) == null ? 0 : 1;
    }
    return keys.size() + " keys across the range deletion's start: " + found + " found";
  }

  private static String checkScan(Db db) throws IOException {
    int count = 0;
    byte[] previous = null;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (previous != null && Arrays.compareUnsigned(previous, k) >= 0) {
          throw new IllegalStateException(
              "iterator returned " + show(k) + " after " + show(previous));
        }
        if (k.length == 11 && k[0] == 'k') {
          int i = Integer.parseInt(new String(k, 3, 8, StandardCharsets.US_ASCII));
          check(i, it.value());
        }
        previous = k;
        count++;
      }
    }
    if (count != expectedLiveKeys()) {
      throw new IllegalStateException(
          "iterator saw " + count + " keys, expected " + expectedLiveKeys());
    }
    return count + " keys in order, values as written";
  }

  private static void check(int i, byte[] actual) {
    byte[] expected = expected(i);
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException(
          "key "
              + show(key(i))
              + ": expected "
              + (expected == null ? "no value" : show(expected))
              + ", read "
              + (actual == null ? "no value" : show(actual)));
    }
  }

  private static String show(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Files per level, e.g. "L0: 2 files (1.2 MB), L6: 1 file (3.4 MB)". */
  static String levels(DbStats stats) {
    StringBuilder sb = new StringBuilder();
    for (DbStats.LevelStats level : stats.levels()) {
      if (level.fileCount() == 0) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(
          String.format(
              "L%d: %d file%s (%s)",
              level.level(),
              level.fileCount(),
              level.fileCount() == 1 ? "" : "s",
              Units.bytes(level.bytes())));
    }
    return sb.length() == 0 ? "no files" : sb.toString();
  }

  static void printStats(PrintStream out, DbStats s) {
    out.printf("      levels: %s%n", levels(s));
    out.printf(
        "      user bytes written %s, flushed %s, compaction read %s / written %s,"
            + " write amplification %.2f%n",
        Units.bytes(s.userBytesWritten()),
        Units.bytes(s.bytesFlushed()),
        Units.bytes(s.bytesCompactedRead()),
        Units.bytes(s.bytesCompactedWritten()),
        s.writeAmplification());
    out.printf(
        "      flushes %d, compactions %d (%d trivial moves), block cache %d hits / %d misses,"
            + " stalled %.1f ms, memtable %s + %d immutable%n",
        s.flushCount(),
        s.compactionCount(),
        s.trivialMoveCount(),
        s.blockCacheHits(),
        s.blockCacheMisses(),
        s.stallNanos() / 1e6,
        Units.bytes(s.activeMemtableBytes()),
        s.immutableMemtables());
  }
}
