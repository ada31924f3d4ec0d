package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.InProcessS3;
import io.sediment.fs.testing.S3RequestKind;
import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each store operation costs in S3 requests, measured on the in-process S3 server: the
 * requests it received by kind (what S3 bills) beside the store's file-system calls as the counting
 * wrapper ({@code counting+s3a://}) sees them, for open, flush, compaction, checkpoint, restore and
 * discard, at two state sizes. Prints the table that BENCHMARKS.md quotes, and checks the claim
 * behind it: a checkpoint uploads no SST, so its requests do not grow with the state, while a
 * RocksDB-style checkpoint uploads every SST that is new since the last one.
 */
class S3CostReport {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  private static final int VALUE_BYTES = 200;

  @Test
  void requestsPerStoreOperation() throws IOException {
    Map<String, Map<S3RequestKind, Long>> small = measure(4_000, "small");
    Map<String, Map<S3RequestKind, Long>> large = measure(16_000, "large");
    // Measured with no background work running (right after a full compaction), a checkpoint's
    // requests are the same at both sizes and read no data: it uploads its metadata, no SST.
    Map<S3RequestKind, Long> smallCheckpoint = small.get("checkpoint (after compaction)");
    Map<S3RequestKind, Long> largeCheckpoint = large.get("checkpoint (after compaction)");
    assertEquals(
        0, largeCheckpoint.get(S3RequestKind.GET) + largeCheckpoint.get(S3RequestKind.GET_RANGE));
    assertEquals(
        smallCheckpoint, largeCheckpoint, "a checkpoint's requests do not grow with the state");
    assertTrue(
        total(largeCheckpoint) <= 12, "a checkpoint is a handful of requests: " + largeCheckpoint);
  }

  private static Map<String, Map<S3RequestKind, Long>> measure(int keys, String label)
      throws IOException {
    String dir = S3.freshDir("cost-db-" + label).toString();
    String counted = WrapperSchemes.wrap(WrapperSchemes.COUNTING, URI.create(dir)).toString();
    String root = S3.freshDir("cost-chk-" + label).toString();
    DbOptions options =
        DbOptions.builder(counted)
            .hadoopConfiguration(S3.configuration())
            .memtableBytes(256 << 10)
            .build();
    Map<String, Map<S3RequestKind, Long>> rows = new LinkedHashMap<>();
    Map<String, Map<FsOp, Long>> fsRows = new LinkedHashMap<>();
    SplittableRandom r = new SplittableRandom(keys);
    S3.requests().resetCounts();
    Db db = Db.open(options);
    CountingFileSystem fs = (CountingFileSystem) StoreEngine.of(db).fileSystem().hadoopFileSystem();
    take(rows, fsRows, fs, "open (new store)");
    try (CheckpointStorage cs = CheckpointStorage.open(root, S3.configuration())) {
      take(rows, fsRows, fs, "checkpoint storage open");
      for (int i = 0; i < keys; i++) {
        db.put(key(r.nextInt(keys * 2)), value(r));
      }
      take(rows, fsRows, fs, "writes (background flushes)");
      db.flush();
      take(rows, fsRows, fs, "flush");
      cs.checkpoint(db, 1);
      take(rows, fsRows, fs, "checkpoint (after flush)");
      for (int i = 0; i < keys / 4; i++) {
        db.put(key(r.nextInt(keys * 2)), value(r));
      }
      db.flush();
      take(rows, fsRows, fs, "writes + flush of a quarter more");
      cs.checkpoint(db, 2);
      take(rows, fsRows, fs, "checkpoint (incremental)");
      db.compactRange(null, null);
      take(rows, fsRows, fs, "full compaction");
      int files = db.stats().fileCount();
      long bytes = db.stats().totalBytes();
      cs.checkpoint(db, 3);
      take(rows, fsRows, fs, "checkpoint (after compaction)");
      db.close();
      take(rows, fsRows, fs, "close");
      try (Db restored =
          Restore.open(
              cs.load(3),
              DbOptions.builder(S3.freshDir("cost-restored").toString())
                  .hadoopConfiguration(S3.configuration())
                  .build())) {
        take(rows, fsRows, fs, "restore (open, no reads)");
        restored.get(key(1));
        take(rows, fsRows, fs, "first get after restore");
      }
      cs.discard(1);
      take(rows, fsRows, fs, "discard (checkpoint 1)");
      System.out.printf(
          "%n%s state: %d keys of %d-byte values, %d files, %d bytes after compaction%n",
          label, keys, VALUE_BYTES, files, bytes);
    }
    print(rows, fsRows);
    return rows;
  }

  private static void take(
      Map<String, Map<S3RequestKind, Long>> rows,
      Map<String, Map<FsOp, Long>> fsRows,
      CountingFileSystem fs,
      String step) {
    rows.put(step, S3.requests().counts());
    S3.requests().resetCounts();
    fsRows.put(step, fs.opCounts());
    fs.resetCounts();
  }

  private static void print(
      Map<String, Map<S3RequestKind, Long>> rows, Map<String, Map<FsOp, Long>> fsRows) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "| %-32s | %5s | %5s | %5s | %5s | %5s | %6s | %s |%n",
            "step", "GET", "PUT", "HEAD", "LIST", "DEL", "total", "store's FS calls"));
    b.append("|---|--:|--:|--:|--:|--:|--:|---|\n");
    for (Map.Entry<String, Map<S3RequestKind, Long>> row : rows.entrySet()) {
      Map<S3RequestKind, Long> c = row.getValue();
      Map<FsOp, Long> f = new EnumMap<>(FsOp.class);
      fsRows.get(row.getKey()).forEach((k, v) -> f.put(k, v));
      f.values().removeIf(v -> v == 0);
      b.append(
          String.format(
              "| %-32s | %5d | %5d | %5d | %5d | %5d | %6d | %s |%n",
              row.getKey(),
              c.get(S3RequestKind.GET) + c.get(S3RequestKind.GET_RANGE),
              c.get(S3RequestKind.PUT) + c.get(S3RequestKind.MULTIPART),
              c.get(S3RequestKind.HEAD),
              c.get(S3RequestKind.LIST),
              c.get(S3RequestKind.DELETE),
              total(c),
              f));
    }
    System.out.print(b);
  }

  private static long total(Map<S3RequestKind, Long> c) {
    return c.values().stream().mapToLong(Long::longValue).sum();
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(SplittableRandom r) {
    byte[] v = new byte[VALUE_BYTES];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + r.nextInt(26));
    }
    return v;
  }
}
