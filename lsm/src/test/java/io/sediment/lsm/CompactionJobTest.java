package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.spi.EntryKind;
import io.sediment.lsm.spi.InternalKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a compaction service is handed and returns: plain values describing the whole job. */
class CompactionJobTest {

  @TempDir Path dir;

  /** Records each job, runs it here, and records its result. */
  private static final class Recording implements CompactionService {
    final LocalCompactionService pool = new LocalCompactionService(1);
    final List<CompactionJob> jobs = new ArrayList<>();
    final List<CompactionResult> results = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<CompactionResult> submit(Task task) {
      jobs.add(task.job());
      return pool.submit(task)
          .thenApply(
              r -> {
                synchronized (this) {
                  results.add(r);
                }
                return r;
              });
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  @Test
  void aJobNamesItsInputsSnapshotsFunctionsAndOutputSettings() throws Exception {
    try (Recording service = new Recording()) {
      DbOptions options =
          DbOptions.builder(dir.toUri().toString())
              .mergeFunction(new ConcatMerge())
              .compression(Compression.ZSTD)
              .blockSize(8 * 1024)
              .bloomBitsPerKey(12)
              .targetFileSizeBytes(1 << 20)
              .compactionService(service)
              .build();
      try (Db db = Db.open(options)) {
        db.put(b("a"), b("1"));
        Snapshot first = db.snapshot();
        db.put(b("a"), b("2"));
        db.flush();
        Snapshot second = db.snapshot();
        db.merge(b("b"), b("x"));
        db.compactRange(null, null);
        assertEquals("2", s(db.get(b("a"))));
        first.close();
        second.close();
      }
      CompactionJob job;
      CompactionResult result;
      synchronized (service) {
        assertFalse(service.jobs.isEmpty());
        job = service.jobs.get(0);
        result = service.results.get(0);
      }
      assertTrue(job.jobId().startsWith(options.dirUri() + "#"), job.jobId());
      assertEquals(0, job.inputLevel());
      assertEquals(6, job.outputLevel());
      assertEquals(2, job.inputs().size(), job.inputs().toString());
      for (StoreFile f : job.inputs()) {
        URI physical = URI.create(f.physicalPath());
        assertEquals("file", physical.getScheme(), "qualified: " + f);
        assertEquals(dir.resolve(f.logicalName()), Path.of(physical), f.toString());
        assertEquals(0, f.level());
      }
      assertEquals(List.of(1L, 2L), job.liveSnapshots(), "every live snapshot, ascending");
      assertTrue(job.bottommost());
      assertFalse(job.trivialMove());
      assertEquals("concat", job.mergeFunctionName());
      assertNull(job.compactionFilterName());
      assertEquals(Compression.ZSTD, job.outputCompression());
      assertEquals(8 * 1024, job.blockSizeBytes());
      assertEquals(12, job.bloomBitsPerKey());
      assertEquals(1 << 20, job.targetFileSizeBytes());
      assertEquals(1, result.outputs().size());
      StoreFile out = result.outputs().get(0);
      assertEquals(6, out.level());
      assertTrue(out.inStoreDirectory(), "outputs are written in the store's directory");
      assertEquals(FileOwnership.OWNED, out.ownership());
      assertEquals(Files.size(dir.resolve(out.logicalName())), out.sizeBytes());
      assertEquals("a", s(out.smallestUserKey()));
      assertEquals("b", s(out.largestUserKey()));
      assertEquals(3, out.entryCount(), "a@2 and a@1 (seen by a snapshot), b's operand");
    }
  }

  @Test
  void badJobsAreRefusedNamingTheValue() {
    StoreFile in =
        new StoreFile(
            1,
            0,
            InternalKeys.encode(b("a"), 1, EntryKind.PUT),
            InternalKeys.encode(b("a"), 1, EntryKind.PUT),
            10,
            1,
            0,
            0,
            1,
            1,
            "000001.sst",
            "file:/s/000001.sst",
            FileOwnership.OWNED);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CompactionJob(
                    "j",
                    0,
                    1,
                    List.of(in),
                    false,
                    false,
                    List.of(5L, 3L),
                    null,
                    null,
                    Compression.NONE,
                    4096,
                    10,
                    100));
    assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CompactionJob(
                    "j",
                    0,
                    1,
                    List.of(in.withPhysicalPath("")),
                    false,
                    false,
                    List.of(),
                    null,
                    null,
                    Compression.NONE,
                    4096,
                    10,
                    100));
    assertTrue(e.getMessage().contains("000001.sst"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CompactionJob(
                "j",
                2,
                1,
                List.of(in),
                false,
                false,
                List.of(),
                null,
                null,
                Compression.NONE,
                4096,
                10,
                100));
    assertThrows(IllegalArgumentException.class, () -> new LocalCompactionService(0));
  }
}
