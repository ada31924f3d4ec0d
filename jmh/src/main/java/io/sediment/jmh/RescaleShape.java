package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * A change of parallelism a rescale benchmark measures, over {@value #MAX_PARALLELISM} key groups:
 * the key-group ranges of the old instances (whose checkpoints are the sources) and of the new
 * ones, as Flink assigns them ({@link KeyGroups#rangeForOperator}).
 */
public enum RescaleShape {
  /** Two instances (key groups 0-63 and 64-127) merge into one (0-127). */
  TWO_TO_ONE(2, 1),
  /** One instance (key groups 0-127) splits into two (0-63 and 64-127). */
  ONE_TO_TWO(1, 2);

  /** The maximum parallelism of every store of the rescale benchmarks. */
  public static final int MAX_PARALLELISM = 128;

  private final int oldParallelism;
  private final int newParallelism;

  RescaleShape(int oldParallelism, int newParallelism) {
    this.oldParallelism = oldParallelism;
    this.newParallelism = newParallelism;
  }

  /** Instances before the rescale: one checkpoint each. */
  public int oldParallelism() {
    return oldParallelism;
  }

  /** Instances after the rescale: one new store each. */
  public int newParallelism() {
    return newParallelism;
  }

  /** Key groups of the old instances, by operator index. */
  public List<KeyGroupRange> sources() {
    return ranges(oldParallelism);
  }

  /** Key groups of the new instances, by operator index. */
  public List<KeyGroupRange> targets() {
    return ranges(newParallelism);
  }

  private static List<KeyGroupRange> ranges(int parallelism) {
    List<KeyGroupRange> out = new ArrayList<>(parallelism);
    for (int i = 0; i < parallelism; i++) {
      out.add(KeyGroups.rangeForOperator(MAX_PARALLELISM, parallelism, i));
    }
    return List.copyOf(out);
  }
}
