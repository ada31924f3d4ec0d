package io.sediment.fuzz;

import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzing loop: for each seed, generate a log, run it on the model and every configuration of a
 * {@link MetamorphicCheck}; on the first mismatch, shrink the log against the failing
 * configuration, write the shrunk log to {@code <failureDir>/<seed>.log} and return a {@link
 * Failure} that says how to replay it.
 */
public final class Fuzzer {

  /** Budget of candidate runs for shrinking one failure. */
  private static final int SHRINK_BUDGET = 600;

  /** Runs of a log before a failure that does not show again is called not reproducible. */
  private static final int REPRODUCE_ATTEMPTS = 5;

  private final MetamorphicCheck check;
  private final GeneratorConfig generator;
  private final Path failureDir;
  private final PrintStream out;
  private long opsChecked;
  private long runs;

  /**
   * @param check the model and configurations
   * @param generator what logs to make
   * @param failureDir where shrunk failing logs are written
   * @param out where progress and failures are printed
   */
  public Fuzzer(
      MetamorphicCheck check, GeneratorConfig generator, Path failureDir, PrintStream out) {
    this.check = check;
    this.generator = generator;
    this.failureDir = failureDir;
    this.out = out;
  }

  /**
   * A failing seed: the first mismatch, the generated and the shrunk log, its file, and the failing
   * configuration's engine settings (null when it has none).
   */
  public record Failure(
      long seed,
      Mismatch mismatch,
      int originalSize,
      List<Op> shrunk,
      Path file,
      DbSettings settings) {
    /** The report printed and thrown by tests. */
    public String describe() {
      return "seed "
          + seed
          + " failed: "
          + mismatch.describe()
          + "\nshrunk from "
          + originalSize
          + " to "
          + shrunk.size()
          + " ops, written to "
          + file
          + " (replay: -Dfuzz.replay="
          + file
          + ", or -Dfuzz.seed="
          + seed
          + ")"
          + (settings == null ? "" : ", with settings " + settings)
          + ":\n"
          + OpLog.toText(List.of(), shrunk);
    }
  }

  /** Total ops run on stores under test (ops x configurations). */
  public long opsChecked() {
    return opsChecked;
  }

  /** Total (log, configuration) runs. */
  public long runs() {
    return runs;
  }

  /** Runs one seed with a log of {@code ops} ops; null when every configuration agrees. */
  public Failure runSeed(long seed, int ops) throws IOException {
    List<Op> log = OpGenerator.generate(generator, seed, ops);
    MetamorphicCheck.Outcome outcome = check.run(log);
    int ran = check.factories().size() - outcome.skipped().size();
    runs += ran;
    opsChecked += (long) ran * log.size();
    if (outcome.passed()) {
      return null;
    }
    Mismatch first = outcome.mismatches().get(0);
    out.println("seed " + seed + " failed, shrinking: " + first.describe());
    // The whole log first: evidence that survives a shrink that hangs or is interrupted.
    StoreFactory failing =
        check.factories().stream()
            .filter(f -> f.name().equals(first.config()))
            .findFirst()
            .orElseThrow();
    List<String> fullComments = new ArrayList<>();
    fullComments.add("seed " + seed + ", " + log.size() + " ops generated, not shrunk");
    outcome.mismatches().forEach(m -> fullComments.add("failure on " + m.describe()));
    addSettings(fullComments, failing);
    OpLog.write(failureDir.resolve(seed + ".full.log"), fullComments, log);
    List<Op> shrunk = shrink(log, failing);
    Mismatch shrunkMismatch = shrunk == log ? null : check.check(shrunk, failing);
    Mismatch reported = shrunkMismatch != null ? shrunkMismatch : first;
    Path file = failureDir.resolve(seed + ".log");
    List<String> comments = new ArrayList<>();
    comments.add("seed " + seed + ", " + log.size() + " ops generated, shrunk to " + shrunk.size());
    for (Mismatch m : outcome.mismatches()) {
      comments.add("original failure on " + m.describe());
    }
    comments.add("shrunk failure on " + reported.describe());
    addSettings(comments, failing);
    OpLog.write(file, comments, shrunk);
    Failure f = new Failure(seed, reported, log.size(), shrunk, file, failing.settings());
    out.println(f.describe());
    return f;
  }

  /** The failing configuration's settings line, which {@link OpLog#settings} reads back. */
  private static void addSettings(List<String> comments, StoreFactory failing) {
    if (failing.settings() != null) {
      comments.add(OpLog.settingsComment(failing.settings()));
    }
  }

  private List<Op> shrink(List<Op> log, StoreFactory failing) {
    // A failure that depends on background timing may not show on every run: it counts as
    // reproduced when any of a few runs fails, for the original log as for every candidate.
    int failures = 0;
    for (int i = 0; i < REPRODUCE_ATTEMPTS; i++) {
      failures += check.check(log, failing) != null ? 1 : 0;
    }
    if (failures == 0) {
      out.println(
          "the failure did not reproduce in "
              + REPRODUCE_ATTEMPTS
              + " more runs (timing-dependent); keeping the full log");
      return log;
    }
    int attempts = failures == REPRODUCE_ATTEMPTS ? 1 : REPRODUCE_ATTEMPTS;
    if (attempts > 1) {
      out.println(
          "the failure is timing-dependent ("
              + failures
              + " of "
              + REPRODUCE_ATTEMPTS
              + " reruns failed); shrinking with "
              + attempts
              + " runs per candidate");
    }
    try {
      return new Shrinker(l -> failsWithin(l, failing, attempts), SHRINK_BUDGET).shrink(log);
    } catch (IllegalArgumentException notAgain) {
      out.println("the failure did not show again while shrinking; keeping the full log");
      return log;
    }
  }

  private boolean failsWithin(List<Op> log, StoreFactory factory, int attempts) {
    for (int i = 0; i < attempts; i++) {
      if (check.check(log, factory) != null) {
        return true;
      }
    }
    return false;
  }
}
