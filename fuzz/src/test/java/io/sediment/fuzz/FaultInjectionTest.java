package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.compaction.MergeFunctions;
import io.sediment.lsm.MergeFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: generated logs (with checkpoints, restores and crashes) run on the engine over a
 * file system that fails random operations, checked by {@link FaultRunner}: failures surface as I/O
 * errors, answers are never wrong, and every recovery finds a state the {@link RecoveryModel}
 * accepts. Configurations with and without the write-ahead log. {@code -Dfuzz.seeds}, {@code
 * -Dfuzz.ops} run longer, {@code -Dfuzz.seed} replays one seed.
 */
class FaultInjectionTest {

  private static final long FIRST_SEED = 0xFA17_0000L;

  /** Candidate runs when shrinking a failure ({@code -Dfuzz.shrink=N}); each run takes ~1 s. */
  private static final int SHRINK_BUDGET = Integer.getInteger("fuzz.shrink", 150);

  @TempDir static Path dir;

  private static GeneratorConfig generator() {
    return GeneratorConfig.defaults()
        .withWeight(OpKind.CRASH, 2)
        .withWeight(OpKind.FLUSH, 4)
        .withWeight(OpKind.CHECKPOINT, 3);
  }

  @Test
  void failuresSurfaceAndRecoveryKeepsWhatWasDurable() throws Exception {
    MergeFunction mf = MergeFunctions.uint64Add();
    StorageRoot root = new StorageRoot(dir.toUri().toString(), null);
    List<NamedSettings> configs =
        List.of(
            StandardSettings.TINY_LZ4,
            StandardSettings.SMALL_BLOCKS_NONE_WAL,
            StandardSettings.WAL_ZSTD);
    int seeds = FuzzProperties.seeds(2);
    int ops = FuzzProperties.ops(200);
    List<Long> toRun = new ArrayList<>();
    Long only = FuzzProperties.seed();
    if (only != null) {
      toRun.add(only);
    } else {
      for (int i = 0; i < seeds; i++) {
        toRun.add(FuzzProperties.firstSeed(FIRST_SEED) + i);
      }
    }
    List<FaultRunner> runners = new ArrayList<>();
    for (NamedSettings c : configs) {
      runners.add(new FaultRunner(c, root, mf, FaultPlan.defaults()));
    }
    System.out.println(
        "faults: seeds " + toRun + ", " + ops + " ops each, configurations " + names(runners));
    for (long seed : toRun) {
      List<Op> log = OpGenerator.generate(generator().withCounterValues(), seed, ops);
      for (FaultRunner r : runners) {
        Mismatch m = r.run(log, seed);
        if (m != null) {
          fail(report(r, seed, log, m));
        }
      }
    }
    for (FaultRunner r : runners) {
      System.out.println("faults: " + r.name() + ": " + r.totals());
    }
  }

  private static List<String> names(List<FaultRunner> runners) {
    return runners.stream().map(FaultRunner::name).toList();
  }

  /** Shrinks the failing log (best effort: failures depend on timing) and describes it. */
  private static String report(FaultRunner r, long seed, List<Op> log, Mismatch m)
      throws Exception {
    List<Op> shrunk = log;
    try {
      shrunk =
          new Shrinker(
                  l -> {
                    try {
                      return r.run(l, seed) != null;
                    } catch (Exception e) {
                      return false;
                    }
                  },
                  SHRINK_BUDGET)
              .shrink(log);
    } catch (IllegalArgumentException notAgain) {
      // Did not fail again: keep the whole log.
    }
    Mismatch shrunkFailure = shrunk == log ? m : r.run(shrunk, seed);
    Mismatch reported = shrunkFailure != null ? shrunkFailure : m;
    Path file = FuzzProperties.failureDir().resolve("faults-" + seed + ".log");
    OpLog.write(
        file,
        List.of(
            "fault seed " + seed + " on " + r.name() + ", replay with -Dfuzz.seed=" + seed,
            "original failure: " + m.describe(),
            "shrunk failure: " + reported.describe(),
            OpLog.settingsComment(r.settings())),
        shrunk);
    return "fault seed "
        + seed
        + " failed: "
        + m.describe()
        + "\nshrunk failure: "
        + reported.describe()
        + "\nsettings: "
        + r.settings()
        + "\nlog ("
        + shrunk.size()
        + " of "
        + log.size()
        + " ops) written to "
        + file
        + ":\n"
        + OpLog.toText(List.of(), shrunk);
  }
}
