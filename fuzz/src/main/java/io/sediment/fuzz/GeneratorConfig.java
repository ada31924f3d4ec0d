package io.sediment.fuzz;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the {@link OpGenerator} makes: a weight per {@link OpKind} (0 leaves the kind out) and the
 * shape of keys and values. Immutable; the {@code with*} methods return changed copies.
 *
 * <p>The defaults favour writes and reads about equally, with snapshots, flushes and compactions
 * often enough that a few hundred ops cross several flushes, and a few checkpoints, discards and
 * restores; {@link OpKind#CRASH} is 0 (it needs stores that {@link KvStore#supportsCrash()}).
 */
public final class GeneratorConfig {

  private final EnumMap<OpKind, Integer> weights;
  private final int maxKeyLength;
  private final double emptyKeyRate;
  private final double emptyValueRate;
  private final double largeValueRate;
  private final int largeValueMin;
  private final int largeValueMax;
  private final double invalidRangeRate;
  private final double releasedSnapshotReadRate;
  private final double claimRate;
  private final boolean counterValues;
  private final int keyGroupMaxParallelism;

  private GeneratorConfig(
      EnumMap<OpKind, Integer> weights,
      int maxKeyLength,
      double emptyKeyRate,
      double emptyValueRate,
      double largeValueRate,
      int largeValueMin,
      int largeValueMax,
      double invalidRangeRate,
      double releasedSnapshotReadRate,
      double claimRate,
      boolean counterValues,
      int keyGroupMaxParallelism) {
    this.weights = weights;
    this.maxKeyLength = maxKeyLength;
    this.emptyKeyRate = emptyKeyRate;
    this.emptyValueRate = emptyValueRate;
    this.largeValueRate = largeValueRate;
    this.largeValueMin = largeValueMin;
    this.largeValueMax = largeValueMax;
    this.invalidRangeRate = invalidRangeRate;
    this.releasedSnapshotReadRate = releasedSnapshotReadRate;
    this.claimRate = claimRate;
    this.counterValues = counterValues;
    this.keyGroupMaxParallelism = keyGroupMaxParallelism;
  }

  /** The default mix (see the class comment). */
  public static GeneratorConfig defaults() {
    EnumMap<OpKind, Integer> w = new EnumMap<>(OpKind.class);
    w.put(OpKind.PUT, 30);
    w.put(OpKind.DELETE, 8);
    w.put(OpKind.DELETE_RANGE, 4);
    w.put(OpKind.MERGE, 12);
    w.put(OpKind.BATCH, 6);
    w.put(OpKind.GET, 15);
    w.put(OpKind.MULTI_GET, 3);
    w.put(OpKind.GET_ASYNC, 3);
    w.put(OpKind.SCAN, 6);
    w.put(OpKind.SEEK, 8);
    w.put(OpKind.SNAPSHOT, 3);
    w.put(OpKind.SNAPSHOT_GET, 5);
    w.put(OpKind.SNAPSHOT_SCAN, 3);
    w.put(OpKind.RELEASE, 2);
    w.put(OpKind.FLUSH, 2);
    w.put(OpKind.COMPACT, 1);
    w.put(OpKind.REOPEN, 1);
    w.put(OpKind.CRASH, 0);
    w.put(OpKind.CHECKPOINT, 2);
    w.put(OpKind.DISCARD, 1);
    w.put(OpKind.RESTORE, 1);
    w.put(OpKind.COLLECT, 1);
    w.put(OpKind.OFFLINE_DISCARD, 1);
    w.put(OpKind.RESCALE, 0);
    return new GeneratorConfig(
        w, 8, 0.01, 0.05, 0.01, 5 << 10, 20 << 10, 0.02, 0.03, 0.3, false, 0);
  }

  /** The weight of {@code kind}. */
  public int weight(OpKind kind) {
    return weights.get(kind);
  }

  /** Sum of all weights. */
  int totalWeight() {
    return weights.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * A copy with {@code kind} at {@code weight}.
   *
   * @throws IllegalArgumentException if the weight is negative
   */
  public GeneratorConfig withWeight(OpKind kind, int weight) {
    if (weight < 0) {
      throw new IllegalArgumentException("weight of " + kind + " must be >= 0: " + weight);
    }
    EnumMap<OpKind, Integer> w = new EnumMap<>(weights);
    w.put(kind, weight);
    return new GeneratorConfig(
        w,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        counterValues,
        keyGroupMaxParallelism);
  }

  /** A copy with every weight from {@code newWeights} (kinds not in it keep theirs). */
  public GeneratorConfig withWeights(Map<OpKind, Integer> newWeights) {
    GeneratorConfig c = this;
    for (Map.Entry<OpKind, Integer> e : newWeights.entrySet()) {
      c = c.withWeight(e.getKey(), e.getValue());
    }
    return c;
  }

  /**
   * A copy with other value shapes.
   *
   * @param emptyValueRate share of empty values
   * @param largeValueRate share of large values
   * @param largeValueMin smallest large value in bytes
   * @param largeValueMax largest large value in bytes
   * @throws IllegalArgumentException on rates outside [0, 1] or sizes out of order
   */
  public GeneratorConfig withValues(
      double emptyValueRate, double largeValueRate, int largeValueMin, int largeValueMax) {
    rate("emptyValueRate", emptyValueRate);
    rate("largeValueRate", largeValueRate);
    if (largeValueMin < 1 || largeValueMax < largeValueMin) {
      throw new IllegalArgumentException(
          "large values need 1 <= min <= max: " + largeValueMin + ", " + largeValueMax);
    }
    return new GeneratorConfig(
        weights,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        counterValues,
        keyGroupMaxParallelism);
  }

  /**
   * A copy with other key shapes and error rates.
   *
   * @param maxKeyLength longest fresh key (prefix-sharing and adjacent keys may be a bit longer)
   * @param emptyKeyRate share of empty keys (the engine accepts them)
   * @param invalidRangeRate share of deleteRange ops whose begin is not before their end (they must
   *     fail with IllegalArgumentException)
   * @param releasedSnapshotReadRate share of snapshot reads through a released snapshot (they must
   *     fail with IllegalStateException)
   */
  public GeneratorConfig withKeys(
      int maxKeyLength,
      double emptyKeyRate,
      double invalidRangeRate,
      double releasedSnapshotReadRate) {
    if (maxKeyLength < 1) {
      throw new IllegalArgumentException("maxKeyLength must be >= 1: " + maxKeyLength);
    }
    rate("emptyKeyRate", emptyKeyRate);
    rate("invalidRangeRate", invalidRangeRate);
    rate("releasedSnapshotReadRate", releasedSnapshotReadRate);
    return new GeneratorConfig(
        weights,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        counterValues,
        keyGroupMaxParallelism);
  }

  /**
   * A copy in which a restore claims the checkpoint's files ({@code RestoreMode.CLAIM}) at this
   * rate, and leaves them to the checkpoint storage otherwise.
   *
   * @throws IllegalArgumentException if the rate is outside [0, 1]
   */
  public GeneratorConfig withClaimRate(double claimRate) {
    rate("claimRate", claimRate);
    return new GeneratorConfig(
        weights,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        counterValues,
        keyGroupMaxParallelism);
  }

  /**
   * A copy whose put values and merge operands are mostly counters for {@code
   * MergeFunctions.uint64Add()} (RocksDB's {@code uint64add}): 8-byte little-endian numbers, small
   * ones and the wrapping edges (all ones) alike. One value in five is still an ordinary value of
   * another length, which that function counts as 0, so the wrong-length path is exercised too.
   */
  public GeneratorConfig withCounterValues() {
    return new GeneratorConfig(
        weights,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        true,
        keyGroupMaxParallelism);
  }

  /**
   * A copy making keyed logs: the log starts by declaring every key group of {@code maxParallelism}
   * ({@code key-groups N}), every key starts with the key-group prefix (the key group of its hash
   * when that lies in the store's current range, else one of the range; now and then one outside
   * it, which the store must refuse), range deletions end inside the range or at its end, and
   * {@link OpKind#RESCALE} splits and merges stores at weight {@code rescaleWeight}.
   *
   * @throws IllegalArgumentException if maxParallelism is outside {@code [2, 32768]} or the weight
   *     is negative
   */
  public GeneratorConfig withKeyGroups(int maxParallelism, int rescaleWeight) {
    if (maxParallelism < 2 || maxParallelism > 32768) {
      throw new IllegalArgumentException("maxParallelism must be in [2, 32768]: " + maxParallelism);
    }
    GeneratorConfig w = withWeight(OpKind.RESCALE, rescaleWeight);
    return new GeneratorConfig(
        w.weights,
        maxKeyLength,
        emptyKeyRate,
        emptyValueRate,
        largeValueRate,
        largeValueMin,
        largeValueMax,
        invalidRangeRate,
        releasedSnapshotReadRate,
        claimRate,
        counterValues,
        maxParallelism);
  }

  /** The maxParallelism of keyed logs ({@link #withKeyGroups}); 0 for plain logs. */
  public int keyGroupMaxParallelism() {
    return keyGroupMaxParallelism;
  }

  /** Whether values are mostly uint64add counters ({@link #withCounterValues()}). */
  public boolean counterValues() {
    return counterValues;
  }

  private static void rate(String name, double r) {
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + r);
    }
  }

  public int maxKeyLength() {
    return maxKeyLength;
  }

  public double emptyKeyRate() {
    return emptyKeyRate;
  }

  public double emptyValueRate() {
    return emptyValueRate;
  }

  public double largeValueRate() {
    return largeValueRate;
  }

  public int largeValueMin() {
    return largeValueMin;
  }

  public int largeValueMax() {
    return largeValueMax;
  }

  public double invalidRangeRate() {
    return invalidRangeRate;
  }

  public double releasedSnapshotReadRate() {
    return releasedSnapshotReadRate;
  }

  public double claimRate() {
    return claimRate;
  }

  @Override
  public String toString() {
    return "GeneratorConfig"
        + weights
        + (keyGroupMaxParallelism == 0
            ? ""
            : " keyed by " + keyGroupMaxParallelism + " key groups");
  }
}
