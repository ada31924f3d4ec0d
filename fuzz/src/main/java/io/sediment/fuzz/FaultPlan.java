package io.sediment.fuzz;

/**
 * How often and how hard a {@link FaultRunner} injects file-system failures.
 *
 * @param armRate share of the log's ops during which failures are armed
 * @param minProbability lowest per-operation failure probability while armed
 * @param maxProbability highest per-operation failure probability while armed (each arming draws
 *     one between the two, and a random non-empty set of operation kinds to fail, each kind with
 *     even odds)
 * @param recoverRate chance that a failed write, flush or compaction is followed by a crash and
 *     recovery at once (otherwise the run goes on with the store as the failure left it; failed
 *     checkpoints, discards, restores and reopens always recover)
 * @param maxMaybeWrites failed writes in question after which the runner recovers, so the number of
 *     acceptable states stays small
 */
public record FaultPlan(
    double armRate,
    double minProbability,
    double maxProbability,
    double recoverRate,
    int maxMaybeWrites) {

  /**
   * @throws IllegalArgumentException on a rate or probability outside [0, 1], probabilities out of
   *     order, or maxMaybeWrites below 1
   */
  public FaultPlan {
    for (double r : new double[] {armRate, minProbability, maxProbability, recoverRate}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("rates must be in [0, 1]: " + r);
      }
    }
    if (minProbability > maxProbability || maxMaybeWrites < 1) {
      throw new IllegalArgumentException(
          "need minProbability <= maxProbability and maxMaybeWrites >= 1: "
              + minProbability
              + ", "
              + maxProbability
              + ", "
              + maxMaybeWrites);
    }
  }

  /**
   * A third of the ops armed, 5-50% of operations of about half the kinds failing then, recovery
   * after half of the failed writes, flushes and compactions.
   */
  public static FaultPlan defaults() {
    return new FaultPlan(0.35, 0.05, 0.5, 0.5, 3);
  }
}
