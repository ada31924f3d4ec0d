package io.sediment.fuzz;

import java.nio.file.Path;

/** The system properties that make the fuzz tests run longer or replay one case. */
final class FuzzProperties {

  private FuzzProperties() {}

  /** {@code -Dfuzz.ops=N}: ops per generated log. */
  static int ops(int defaultOps) {
    return Integer.getInteger("fuzz.ops", defaultOps);
  }

  /** {@code -Dfuzz.seeds=N}: number of seeds. */
  static int seeds(int defaultSeeds) {
    return Integer.getInteger("fuzz.seeds", defaultSeeds);
  }

  /** {@code -Dfuzz.seed=S}: run only this seed (replaying a reported failure); null when unset. */
  static Long seed() {
    String s = System.getProperty("fuzz.seed");
    return s == null || s.isBlank() ? null : Long.parseLong(s.strip());
  }

  /** The first seed of a run: {@code -Dfuzz.firstSeed}, else a fixed default. */
  static long firstSeed(long defaultFirst) {
    return Long.getLong("fuzz.firstSeed", defaultFirst);
  }

  /**
   * Where shrunk failing logs are written: {@code -Dfuzz.failureDir}, else target/fuzz-failures.
   */
  static Path failureDir() {
    return Path.of(System.getProperty("fuzz.failureDir", "target/fuzz-failures"));
  }
}
