package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.RemoteCompactionService;
import io.sediment.fs.testing.MiniDfs;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.MergeFunction;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metamorphic suite: generated logs run on the reference model and on the engine in every
 * standard configuration, on the local file system, on the local file system behind the
 * latency-injecting wrapper, and on an in-process HDFS; every history must equal the model's. A
 * fixed budget by default; {@code -Dfuzz.seeds}, {@code -Dfuzz.ops} run longer, {@code -Dfuzz.seed}
 * replays one seed, {@code -Dfuzz.hdfs=false} leaves HDFS out. The CI budget is 4 seeds of 350 ops
 * on 8 configurations (11,200 operations checked against the model), on stores that declare key
 * groups and rescale; the crash run uses a 2-byte key-group prefix (maxParallelism 300). A third
 * run compacts on a remote worker: a {@link WorkerProcess} (its own JVM) started for the class and
 * killed after it, reached through a {@link RemoteCompactionService} without local fallback, so
 * every merging compaction of its stores runs in the other process; 2 seeds of 300 plain ops on 2
 * configurations ({@code -Dfuzz.remote.keyed=true}: keyed logs with rescales; {@code
 * -Dfuzz.remote=false} leaves it out).
 */
class MetamorphicTest {

  private static final long FIRST_SEED = 0x5ED1_0000L;

  /**
   * The CI mix: the generator's defaults on keyed stores (key-group-prefixed keys for
   * maxParallelism 128, rescales splitting and merging them). {@code -Dfuzz.merges=false} leaves
   * merges out, should a merge defect need to be told apart from others
   * (regressions/merge-operand-folded-twice.log was one); {@code -Dfuzz.keyed=false} makes plain
   * logs, without key groups or rescales.
   */
  private static GeneratorConfig generator() {
    GeneratorConfig d = GeneratorConfig.defaults();
    if (Boolean.parseBoolean(System.getProperty("fuzz.keyed", "true"))) {
      d = d.withKeyGroups(128, 3);
    }
    if (!Boolean.parseBoolean(System.getProperty("fuzz.merges", "true"))) {
      d = d.withWeight(OpKind.MERGE, 0);
    }
    return d;
  }

  @RegisterExtension static final MiniDfs DFS = new MiniDfs();

  /** Per-operation latency of the latency-injecting configuration. */
  private static final String LATENCY = "200us";

  private static StorageRoot localRoot;
  private static StorageRoot latencyRoot;
  private static StorageRoot hdfsRoot;
  private static StorageRoot faultyRoot;

  /** The compaction worker (its own JVM) of the remote configuration, and the stores' client. */
  private static WorkerProcess worker;

  private static RemoteCompactionService remote;

  @BeforeAll
  static void roots() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    URI local = Files.createTempDirectory(tmp, "fuzz-local").toUri();
    localRoot = new StorageRoot(local.toString(), null);
    if (Boolean.parseBoolean(System.getProperty("fuzz.remote", "true"))) {
      Path workerDir = Files.createTempDirectory(tmp, "fuzz-worker");
      worker =
          WorkerProcess.start(
              "metamorphic-worker-token",
              2,
              workerDir.resolve("token"),
              workerDir.resolve("worker.stderr"));
      // No fallback: every job that is not a trivial move runs on the worker, or the run fails.
      remote =
          RemoteCompactionService.builder()
              .workers(List.of(worker.uri()))
              .token("metamorphic-worker-token")
              .jobTimeout(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(5))
              .fallbackToLocal(false)
              .build();
    }
    Configuration slow = new Configuration();
    slow.set(LatencyModel.DEFAULT_KEY, LATENCY);
    latencyRoot =
        new StorageRoot(
            WrapperSchemes.wrap(WrapperSchemes.LATENCY, local.resolve("latency/")).toString(),
            slow);
    // No failures armed: the fault-injecting file system only makes a crash drop unsynced bytes.
    faultyRoot =
        new StorageRoot(
            WrapperSchemes.wrap(WrapperSchemes.FAULTY, local.resolve("faulty/")).toString(), null);
    if (Boolean.parseBoolean(System.getProperty("fuzz.hdfs", "true"))) {
      hdfsRoot = new StorageRoot(DFS.freshDir("fuzz").toString(), DFS.configuration());
    }
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (remote != null) {
      remote.close();
    }
    if (worker != null) {
      Map<String, Long> m = worker.metrics();
      worker.close();
      System.out.println("remote compaction worker: " + m);
      assertTrue(m.get("jobs-succeeded") > 0, "the remote configuration compacted on the worker");
      assertEquals(0L, m.get("jobs-failed"), "no job failed on the worker: " + m);
    }
  }

  private static List<StoreFactory> factories(io.sediment.lsm.MergeFunction mf) throws Exception {
    List<StoreFactory> fs = new ArrayList<>();
    addConfigurations(fs, mf);
    return fs.stream().map(f -> (StoreFactory) new TimedFactory(f)).toList();
  }

  private static void addConfigurations(List<StoreFactory> fs, io.sediment.lsm.MergeFunction mf) {
    // One root per file system for the class: its counter keeps every store's directory fresh.
    for (NamedSettings c : StandardSettings.local()) {
      fs.add(c.factory(localRoot, mf));
    }
    fs.add(StandardSettings.TINY_LZ4.factory(latencyRoot, mf));
  }

  @Test
  void allConfigurationsAgreeWithTheModel() throws Exception {
    ConcatMergeFunction mf = new ConcatMergeFunction();
    run(
        "concat merge",
        new MetamorphicCheck(() -> new ModelStore(mf), factories(mf)),
        generator(),
        FuzzProperties.seeds(4),
        FuzzProperties.ops(350));
  }

  /**
   * The HDFS configurations on their own, with half the seeds: each HDFS history costs several
   * times a local one (every flush and manifest write is a round trip to the name node), and the
   * engine code they run is the same; what they add is HDFS's own streams, leases and renames.
   */
  @Test
  void hdfsConfigurationsAgreeWithTheModel() throws Exception {
    assumeTrue(hdfsRoot != null, "-Dfuzz.hdfs=false");
    ConcatMergeFunction mf = new ConcatMergeFunction();
    List<StoreFactory> fs = new ArrayList<>();
    for (NamedSettings c : StandardSettings.hdfs()) {
      fs.add(new TimedFactory(c.factory(hdfsRoot, mf)));
    }
    run(
        "concat merge on hdfs",
        new MetamorphicCheck(() -> new ModelStore(mf), fs),
        generator(),
        FuzzProperties.seeds(2),
        FuzzProperties.ops(350));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void remoteCompactionAgreesWithTheModel() throws Exception {
    assumeTrue(remote != null, "-Dfuzz.remote=false");
    ConcatMergeFunction mf = new ConcatMergeFunction();
    List<StoreFactory> fs =
        List.of(
            new TimedFactory(StandardSettings.TINY_LZ4.factory(localRoot, mf, remote, "+remote")),
            new TimedFactory(
                StandardSettings.TINY_ZSTD_NO_CACHE.factory(localRoot, mf, remote, "+remote")));
    GeneratorConfig gen =
        Boolean.parseBoolean(System.getProperty("fuzz.remote.keyed", "false"))
            ? generator()
            : GeneratorConfig.defaults();
    run(
        "remote compaction",
        new MetamorphicCheck(() -> new ModelStore(mf), fs),
        gen,
        FuzzProperties.seeds(2),
        FuzzProperties.ops(300));
  }

  /**
   * Range deletes, flushes and compactions in plenty, with snapshots taken and released: files that
   * newer range deletes cover wholly are removed at the flush or dropped unread by compaction
   * (locally and on the remote worker), and every read must still equal the model.
   */
  @Test
  void rangeDeletesWithFlushesAndCompactionsAgreeWithTheModel() throws Exception {
    ConcatMergeFunction mf = new ConcatMergeFunction();
    List<StoreFactory> fs = new ArrayList<>();
    fs.add(new TimedFactory(StandardSettings.TINY_LZ4.factory(localRoot, mf)));
    fs.add(new TimedFactory(StandardSettings.TINY_ZSTD_NO_CACHE.factory(localRoot, mf)));
    if (remote != null) {
      fs.add(new TimedFactory(StandardSettings.TINY_LZ4.factory(localRoot, mf, remote, "+remote")));
    }
    run(
        "range deletes and compactions",
        new MetamorphicCheck(() -> new ModelStore(mf), fs),
        GeneratorConfig.defaults()
            .withWeights(
                Map.of(
                    OpKind.DELETE_RANGE, 16,
                    OpKind.FLUSH, 6,
                    OpKind.COMPACT, 3,
                    OpKind.SNAPSHOT, 4,
                    OpKind.RELEASE, 4)),
        FuzzProperties.seeds(2),
        FuzzProperties.ops(300));
  }

  @Test
  void crashesKeepEveryAcknowledgedWriteWithTheWal() throws Exception {
    MergeFunction mf = MergeFunctions.uint64Add();
    List<StoreFactory> walOnly =
        StandardSettings.local().stream()
            .filter(c -> c.settings().walEnabled())
            .map(c -> (StoreFactory) new TimedFactory(c.factory(faultyRoot, mf)))
            .toList();
    run(
        "counter merge, crashes",
        new MetamorphicCheck(() -> new ModelStore(mf), walOnly),
        generator().withWeight(OpKind.CRASH, 2).withCounterValues().withKeyGroups(300, 3),
        FuzzProperties.seeds(2),
        FuzzProperties.ops(200));
  }

  private static void run(
      String what, MetamorphicCheck check, GeneratorConfig gen, int seeds, int ops)
      throws Exception {
    Fuzzer fuzzer = new Fuzzer(check, gen, FuzzProperties.failureDir(), System.out);
    Long only = FuzzProperties.seed();
    List<Long> toRun = new ArrayList<>();
    if (only != null) {
      toRun.add(only);
    } else {
      long first = FuzzProperties.firstSeed(FIRST_SEED);
      for (int i = 0; i < seeds; i++) {
        toRun.add(first + i);
      }
    }
    List<String> names = check.factories().stream().map(StoreFactory::name).toList();
    System.out.println(
        what + ": seeds " + toRun + ", " + ops + " ops each, configurations " + names);
    for (long seed : toRun) {
      Fuzzer.Failure f = fuzzer.runSeed(seed, ops);
      if (f != null) {
        fail(f.describe());
      }
    }
    System.out.println(
        what
            + ": checked "
            + fuzzer.opsChecked()
            + " operations in "
            + fuzzer.runs()
            + " runs over "
            + names.size()
            + " configurations, all equal to the model");
    for (StoreFactory f : check.factories()) {
      if (f instanceof TimedFactory t) {
        System.out.println("  time in " + t.report());
      }
    }
  }
}
