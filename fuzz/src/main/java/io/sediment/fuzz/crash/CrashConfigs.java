package io.sediment.fuzz.crash;

import io.sediment.fuzz.ConcatMergeFunction;
import io.sediment.fuzz.NamedSettings;
import io.sediment.fuzz.StandardSettings;
import io.sediment.fuzz.StorageRoot;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * The engine configurations the crash test runs (the metamorphic suite's local ones, each with or
 * without the write-ahead log), and the one merge function the workload and its model share. A
 * workload process gets its settings as text on its command line ({@link WorkloadSpec}).
 */
public final class CrashConfigs {

  private CrashConfigs() {}

  /** The configurations a chain of kills may run on. */
  public static List<NamedSettings> all() {
    return StandardSettings.local();
  }

  /** The merge function of every crash-test store (the model folds merges with the same one). */
  public static MergeFunction mergeFunction() {
    return new ConcatMergeFunction();
  }

  /**
   * The settings of configuration {@code name}, the write-ahead log switched as given.
   *
   * @throws IllegalArgumentException if no configuration has that name
   */
  public static DbSettings settings(String name, boolean wal) {
    return byName(name).settings().toBuilder().walEnabled(wal).build();
  }

  /** Options of the crash-test store in {@code dirUri} with {@code settings}. */
  public static DbOptions options(DbSettings settings, String dirUri) {
    return NamedSettings.options(settings, dirUri, new StorageRoot(dirUri, null), mergeFunction());
  }

  /**
   * @throws IllegalArgumentException if no configuration has that name
   */
  public static NamedSettings byName(String name) {
    for (NamedSettings c : all()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no crash-test configuration named '" + name + "'");
  }
}
