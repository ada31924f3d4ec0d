package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.compaction.MergeFunctions;
import io.sediment.fs.testing.InProcessS3;
import io.sediment.lsm.MergeFunction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metamorphic and fault suites on {@code s3a://}, against an in-process S3 API server (one for
 * the class), with a reduced budget: one seed of 150 operations for the metamorphic check (the HDFS
 * configurations: no write-ahead log, as an S3 object has no {@code hsync}), one seed of 120
 * operations for the fault suite over {@code faulty+s3a://}. {@code -Dfuzz.seeds}, {@code
 * -Dfuzz.ops} run longer, {@code -Dfuzz.seed} replays one seed.
 */
class S3FuzzTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  private static final long FIRST_SEED = 0x53_0000L;

  @Test
  void configurationsOnS3AgreeWithTheModel() throws Exception {
    ConcatMergeFunction mf = new ConcatMergeFunction();
    StorageRoot root = new StorageRoot(S3.freshDir("fuzz").toString(), S3.configuration());
    List<StoreFactory> factories = new ArrayList<>();
    for (NamedSettings c : StandardSettings.hdfs()) {
      factories.add(new TimedFactory(c.factory(root, mf)));
    }
    MetamorphicCheck check = new MetamorphicCheck(() -> new ModelStore(mf), factories);
    Fuzzer fuzzer =
        new Fuzzer(check, GeneratorConfig.defaults(), FuzzProperties.failureDir(), System.out);
    for (long seed : seeds()) {
      Fuzzer.Failure f = fuzzer.runSeed(seed, FuzzProperties.ops(150));
      if (f != null) {
        fail(f.describe());
      }
    }
    System.out.println(
        "s3 metamorphic: checked "
            + fuzzer.opsChecked()
            + " operations in "
            + fuzzer.runs()
            + " runs, all equal to the model; S3 requests "
            + S3.requests().counts());
    for (StoreFactory f : factories) {
      System.out.println("  time in " + ((TimedFactory) f).report());
    }
  }

  @Test
  void failuresOnS3SurfaceAndRecoveryKeepsWhatWasDurable() throws Exception {
    MergeFunction mf = MergeFunctions.uint64Add();
    StorageRoot root = new StorageRoot(S3.freshDir("faults").toString(), S3.configuration());
    FaultRunner runner = new FaultRunner(StandardSettings.TINY_LZ4, root, mf, FaultPlan.defaults());
    GeneratorConfig gen =
        GeneratorConfig.defaults()
            .withWeight(OpKind.CRASH, 2)
            .withWeight(OpKind.FLUSH, 4)
            .withWeight(OpKind.CHECKPOINT, 3)
            .withCounterValues();
    for (long seed : seeds()) {
      List<Op> log = OpGenerator.generate(gen, seed, FuzzProperties.ops(120));
      Mismatch m = runner.run(log, seed);
      if (m != null) {
        fail(
            "fault seed "
                + seed
                + " on "
                + runner.name()
                + " failed (replay with -Dfuzz.seed="
                + seed
                + "): "
                + m.describe()
                + "\n"
                + OpLog.toText(List.of(), log));
      }
    }
    System.out.println("s3 faults: " + runner.name() + ": " + runner.totals());
    assertTrue(runner.totals().injected() > 0, "the faults reached the S3 file system");
  }

  private static List<Long> seeds() {
    Long only = FuzzProperties.seed();
    if (only != null) {
      return List.of(only);
    }
    List<Long> seeds = new ArrayList<>();
    long first = FuzzProperties.firstSeed(FIRST_SEED);
    for (int i = 0; i < FuzzProperties.seeds(1); i++) {
      seeds.add(first + i);
    }
    return seeds;
  }
}
