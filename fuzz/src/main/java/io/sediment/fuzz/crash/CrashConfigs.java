package io.sediment.fuzz.crash;

import io.sediment.compaction.RemoteCompactionService;
import io.sediment.fuzz.ConcatMergeFunction;
import io.sediment.fuzz.NamedSettings;
import io.sediment.fuzz.StandardSettings;
import io.sediment.fuzz.StorageRoot;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.MergeFunction;
import java.net.URI;
import java.time.Duration;
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

  /**
   * The configurations of chains that compact on a remote worker: those whose tiny memtables and
   * files make a run of a hundred ops compact several times.
   */
  public static List<NamedSettings> compacting() {
    return List.of(StandardSettings.TINY_LZ4, StandardSettings.TINY_ZSTD_NO_CACHE);
  }

  /**
   * The client of a workload compacting on the worker at {@code workerUri}: a job whose worker
   * neither answers nor progresses for {@value #REMOTE_JOB_TIMEOUT_MILLIS} ms is given up and
   * retried here (the worker may have been killed), so a dead worker slows the workload down but
   * never stops it.
   *
   * @throws IllegalArgumentException if the URI is not an HTTP URI or the token is blank
   */
  public static RemoteCompactionService remoteService(String workerUri, String token) {
    return RemoteCompactionService.builder()
        .workers(List.of(URI.create(workerUri)))
        .token(token)
        .jobTimeout(Duration.ofMillis(REMOTE_JOB_TIMEOUT_MILLIS))
        .pollInterval(Duration.ofMillis(5))
        .fallbackToLocal(true)
        .build();
  }

  /** How long a remote job may stand still before the workload runs it itself. */
  public static final long REMOTE_JOB_TIMEOUT_MILLIS = 2000;

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
    return options(settings, dirUri, null);
  }

  /**
   * Options of the crash-test store in {@code dirUri} with {@code settings}, compacting on {@code
   * service} (null: in the store's process).
   */
  public static DbOptions options(DbSettings settings, String dirUri, CompactionService service) {
    return NamedSettings.options(
        settings, dirUri, new StorageRoot(dirUri, null), mergeFunction(), service);
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
