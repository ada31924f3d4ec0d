package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.compaction.MergeFunctions;
import io.sediment.fs.testing.MiniDfs;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.MergeFunction;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metamorphic suite: generated logs run on the reference model and on the engine in every
 * standard configuration, on the local file system, on the local file system behind the
 * latency-injecting wrapper, and on an in-process HDFS; every history must equal the model's. A
 * fixed budget by default; {@code -Dfuzz.seeds}, {@code -Dfuzz.ops} run longer, {@code -Dfuzz.seed}
 * replays one seed, {@code -Dfuzz.hdfs=false} leaves HDFS out. The CI budget is 4 seeds of 350 ops
 * on 8 configurations (11,200 operations checked against the model), on stores that declare key
 * groups and rescale; the crash run uses a 2-byte key-group prefix (maxParallelism 300).
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

  @BeforeAll
  static void roots() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    URI local = Files.createTempDirectory(tmp, "fuzz-local").toUri();
    localRoot = new StorageRoot(local.toString(), null);
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
    if (hdfsRoot != null) {
      for (NamedSettings c : StandardSettings.hdfs()) {
        fs.add(c.factory(hdfsRoot, mf));
      }
    }
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
