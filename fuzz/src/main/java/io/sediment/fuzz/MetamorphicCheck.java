package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one log against the reference model and against stores of several configurations, and
 * reports every configuration whose history differs from the model's. Since every configuration is
 * compared with the same model history, equal histories across configurations (the metamorphic
 * property: layout settings never change answers) follow.
 *
 * <p>Logs containing a {@link Op.Crash} run only on factories that {@link
 * StoreFactory#supportsCrash()}, and logs with checkpoint ops only on factories that {@link
 * StoreFactory#supportsCheckpoints()}; the others are listed in {@link Outcome#skipped()}.
 */
public final class MetamorphicCheck {

  private final Supplier<KvStore> model;
  private final List<StoreFactory> factories;

  /**
   * @param model makes a fresh reference store per run (e.g. {@code () -> new
   *     ModelStore(mergeFunction)})
   * @param factories the configurations under test
   */
  public MetamorphicCheck(Supplier<KvStore> model, List<StoreFactory> factories) {
    this.model = model;
    this.factories = List.copyOf(factories);
  }

  /** The result of one log: the model's history and the mismatches (empty when all agree). */
  public record Outcome(History expected, List<Mismatch> mismatches, List<String> skipped) {
    public boolean passed() {
      return mismatches.isEmpty();
    }
  }

  /** Runs {@code log} on the model and every configuration. */
  public Outcome run(List<Op> log) {
    History expected = expected(log);
    boolean crashes = log.stream().anyMatch(o -> o instanceof Op.Crash);
    boolean checkpoints = log.stream().anyMatch(MetamorphicCheck::isCheckpointOp);
    List<Mismatch> mismatches = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (StoreFactory f : factories) {
      if ((crashes && !f.supportsCrash()) || (checkpoints && !f.supportsCheckpoints())) {
        skipped.add(f.name());
        continue;
      }
      Mismatch m = check(log, expected, f);
      if (m != null) {
        mismatches.add(m);
      }
    }
    return new Outcome(expected, mismatches, skipped);
  }

  /** Whether {@code op} needs a store with checkpoints. */
  static boolean isCheckpointOp(Op op) {
    return op instanceof Op.Checkpoint
        || op instanceof Op.Discard
        || op instanceof Op.Restore
        || op instanceof Op.Collect
        || op instanceof Op.OfflineDiscard
        || op instanceof Op.RescaleSplit
        || op instanceof Op.RescaleMerge;
  }

  /** The model's history of {@code log}. */
  public History expected(List<Op> log) {
    try (KvStore m = model.get()) {
      return LogRunner.run(log, m);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the model store cannot fail, but did", e);
    }
  }

  /** The first mismatch of {@code log} on one configuration, or null when it agrees. */
  public Mismatch check(List<Op> log, StoreFactory factory) {
    return check(log, expected(log), factory);
  }

  private static void closeQuietly(KvStore store, Throwable primary) {
    try {
      store.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }

  /** The configurations under test. */
  public List<StoreFactory> factories() {
    return factories;
  }

  private static Mismatch check(List<Op> log, History expected, StoreFactory factory) {
    KvStore store;
    try {
      store = factory.open();
    } catch (Exception e) {
      return new Mismatch(
          factory.name(),
          -1,
          "open",
          "ok",
          "error " + e.getClass().getSimpleName(),
          String.valueOf(e));
    }
    History actual;
    try {
      actual = LogRunner.run(log, store);
    } catch (RuntimeException | Error e) {
      closeQuietly(store, e);
      throw e;
    }
    Mismatch closeFailure = null;
    try {
      store.close();
    } catch (Exception e) {
      closeFailure =
          new Mismatch(
              factory.name(),
              log.size(),
              "close",
              "ok",
              "error " + e.getClass().getSimpleName(),
              String.valueOf(e));
    }
    int i = expected.firstDifference(actual);
    if (i < 0) {
      return closeFailure;
    }
    return new Mismatch(
        factory.name(),
        i,
        log.get(i).text(),
        expected.observation(i),
        i < actual.size() ? actual.observation(i) : "<missing>",
        i < actual.size() ? actual.detail(i) : null);
  }
}
