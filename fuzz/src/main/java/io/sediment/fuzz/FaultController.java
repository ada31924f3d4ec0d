package io.sediment.fuzz;

import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.WrapperSchemes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One seeded schedule of file-system failures over every {@link ControlledFaultFileSystem} opened
 * with its {@link #configuration()}: while {@link #arm armed}, each operation of the chosen kinds
 * fails with the chosen probability (an {@link IOException} naming the operation and the path,
 * before it reaches the real file system); {@link #crash()} makes every open instance drop what was
 * not synced, as a machine crash would.
 *
 * <p>Random decisions come from one {@link SplittableRandom} seeded at construction, in the order
 * operations arrive; background flushes and compactions make that order, and so the exact failures,
 * vary between runs of the same seed. Thread-safe.
 */
public final class FaultController {

  /** The file-system operations a schedule may fail: reads, writes, creates, renames, deletes... */
  public static final Set<FsOp> ALL_KINDS = EnumSet.allOf(FsOp.class);

  private final SplittableRandom random;
  private final Set<ControlledFaultFileSystem> open = ConcurrentHashMap.newKeySet();
  private final Map<FsOp, Long> injected = new EnumMap<>(FsOp.class);
  private Set<FsOp> kinds = EnumSet.noneOf(FsOp.class);
  private double probability;

  /** A controller whose random decisions follow {@code seed}; not armed. */
  public FaultController(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * A copy of {@code base} (null: a default configuration) under which {@code faulty+<scheme>} URIs
   * open a {@link ControlledFaultFileSystem} of this controller. Give it to {@code
   * DbOptions.hadoopConfiguration} and {@code CheckpointStorage.open}.
   */
  public Configuration configuration(Configuration base) {
    ControlledConfiguration c =
        new ControlledConfiguration(base == null ? new Configuration() : base, this);
    // Every scheme the suites run on: a scheme missing here would get the plain fault-injecting
    // file system, which this controller neither arms nor crashes.
    for (String scheme : List.of("file", "hdfs", "s3a")) {
      c.setClass(
          "fs." + WrapperSchemes.FAULTY + "+" + scheme + ".impl",
          ControlledFaultFileSystem.class,
          FileSystem.class);
    }
    return c;
  }

  /** {@link #configuration(Configuration)} of a default configuration. */
  public Configuration configuration() {
    return configuration(null);
  }

  /**
   * From now on, fails each operation of the given kinds with {@code probability}.
   *
   * @throws IllegalArgumentException if the probability is outside [0, 1] or kinds is null
   */
  public synchronized void arm(Set<FsOp> kinds, double probability) {
    if (kinds == null || !(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "kinds must be non-null and probability in [0, 1]: " + kinds + ", " + probability);
    }
    this.kinds = kinds.isEmpty() ? EnumSet.noneOf(FsOp.class) : EnumSet.copyOf(kinds);
    this.probability = probability;
  }

  /** No operation fails from now on (until the next {@link #arm}). */
  public synchronized void disarm() {
    kinds = EnumSet.noneOf(FsOp.class);
    probability = 0;
  }

  /** The controller's random source, for the caller's own seeded choices (which kinds, when). */
  public synchronized SplittableRandom random() {
    return random;
  }

  /**
   * A machine crash: every open instance drops what was written but not synced and refuses every
   * later operation (its stores are dead). Instances opened afterwards work normally.
   */
  public void crash() {
    disarm();
    for (ControlledFaultFileSystem fs : new ArrayList<>(open)) {
      try {
        fs.crash();
      } catch (IOException e) {
        // A never-synced file could not be removed: it is garbage that no manifest names.
      }
      open.remove(fs);
    }
  }

  /** Failures injected so far, by operation kind. */
  public synchronized Map<FsOp, Long> injected() {
    return new EnumMap<>(injected);
  }

  /** Total failures injected so far. */
  public synchronized long injectedTotal() {
    return injected.values().stream().mapToLong(Long::longValue).sum();
  }

  void register(ControlledFaultFileSystem fs) {
    open.add(fs);
  }

  void unregister(ControlledFaultFileSystem fs) {
    open.remove(fs);
  }

  synchronized void beforeOp(FsOp op, Path path) throws IOException {
    if (probability > 0 && kinds.contains(op) && random.nextDouble() < probability) {
      injected.merge(op, 1L, Long::sum);
      throw new IOException("injected random failure: " + op.configName() + " of " + path);
    }
  }

  /**
   * The configuration that carries the controller to the file systems Hadoop constructs by
   * reflection (Hadoop hands the caller's configuration object to {@code initialize}).
   */
  static final class ControlledConfiguration extends Configuration {
    private final FaultController controller;

    ControlledConfiguration(Configuration base, FaultController controller) {
      super(base);
      this.controller = controller;
    }

    FaultController controller() {
      return controller;
    }
  }
}
