package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.lsm.spi.StoreManifest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store from a checkpoint without copying it: the new store's first manifest lists the
 * checkpoint's files by their physical paths, so the first read is served at once, from the
 * checkpoint's files through the caches. Files the restored store writes from then on live in its
 * own directory and are its own.
 *
 * <p>The restored store is protected like a checkpointed one: while it is open, no {@link
 * CheckpointStorage} of this process deletes a file it holds. If the handle names its storage
 * ({@link CheckpointHandle#storageUri()}), the restore also takes a {@link CheckpointLease} there
 * right after writing the store's first manifest and before the store reads anything, so the
 * storage keeps the checkpoint's files for it in whatever process it runs, also while it is closed.
 * The lease ends once the store no longer lists any of the checkpoint's files, or once the store is
 * destroyed ({@link Db#destroy}): the storage ends the leases of holders whose directory holds no
 * store.
 *
 * <p><b>Rescale.</b> {@link #open(List, KeyGroupRange, DbOptions)} opens one store for a range of
 * key groups out of the checkpoints of several stores that declared key groups, the same way: a
 * first manifest of clipped references to their files, a lease on each source checkpoint. See
 * docs/rescale.md.
 */
public final class Restore {

  private static final Logger LOG = LoggerFactory.getLogger(Restore.class);

  private Restore() {}

  /** {@link #open(CheckpointHandle, DbOptions, RestoreMode)} in {@link RestoreMode#NO_CLAIM}. */
  public static Db open(CheckpointHandle h, DbOptions options) throws IOException {
    return open(h, options, RestoreMode.NO_CLAIM);
  }

  /** {@link #open(CheckpointHandle, DbOptions, RestoreMode, Clock)} with the system clock (UTC). */
  public static Db open(CheckpointHandle h, DbOptions options, RestoreMode mode)
      throws IOException {
    return open(h, options, mode, Clock.systemUTC());
  }

  /**
   * Opens a new store in {@code options.dirUri()} holding exactly the checkpoint's state (every
   * entry up to {@link CheckpointHandle#sequence()}).
   *
   * <p><b>Key groups.</b> A checkpoint of a store that declared key groups ({@link
   * CheckpointHandle#keyGroupRange()}) restores into a store with the same declaration: the options
   * declare the same range and maxParallelism, or none (the restored store then records the
   * checkpoint's). To restore part of the range, rescale: {@link #open(List, KeyGroupRange,
   * DbOptions)} with this one handle. A checkpoint of a store without key groups restores into a
   * store without them.
   *
   * @param clock stamps the lease taken in the checkpoint's storage (see {@link
   *     CheckpointStorage#expireLeases})
   * @throws IllegalArgumentException if an argument is null, the directory already holds a store,
   *     the options' merge function is not the one the checkpoint was written with, the options
   *     declare other key groups than the checkpoint (see above), or the handle's storage no longer
   *     retains the checkpoint
   * @throws IOException naming the URI if the lease or the manifest cannot be written or the store
   *     not opened
   */
  public static Db open(CheckpointHandle h, DbOptions options, RestoreMode mode, Clock clock)
      throws IOException {
    if (h == null || options == null || mode == null || clock == null) {
      throw new IllegalArgumentException("handle, options, mode and clock must not be null");
    }
    long start = options.nanoClock().getAsLong();
    String merge = options.mergeFunction() == null ? null : options.mergeFunction().name();
    if (!Objects.equals(merge, h.mergeFunctionName())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + h.id()
              + " was written with merge function "
              + describe(h.mergeFunctionName())
              + " but is restored with "
              + describe(merge));
    }
    DbOptions effective = withKeyGroupsOf(h, options);
    FileOwnership ownership =
        mode == RestoreMode.CLAIM ? FileOwnership.OWNED : FileOwnership.NOT_OWNED;
    // The checkpoint's numbers stay with its files and new files are numbered after them: a
    // checkpoint of the restored store then never lists two files with one number.
    List<StoreFile> files = new ArrayList<>(h.fileCount());
    for (StoreFile f : h.files()) {
      files.add(f.withOwnership(ownership));
    }
    List<RescalePlan.Source> sources = List.of(new RescalePlan.Source(h, h.physicalPaths()));
    Db db = linkAndOpen(effective, files, h.sequence(), sources, clock);
    LOG.info(
        "restored checkpoint {} into {} ({}): {} files linked, {} ms",
        h.id(),
        options.dirUri(),
        mode,
        h.fileCount(),
        (options.nanoClock().getAsLong() - start) / 1_000_000);
    return db;
  }

  /**
   * The options a single-handle restore of {@code h} opens with: {@code options}, given the
   * checkpoint's key-group declaration when they make none.
   *
   * @throws IllegalArgumentException naming both if the options declare other key groups
   */
  private static DbOptions withKeyGroupsOf(CheckpointHandle h, DbOptions options) {
    KeyGroupRange recorded = h.keyGroupRange();
    if (options.keyGroups() == null) {
      return recorded == null
          ? options
          : options.toBuilder().keyGroups(recorded, h.maxParallelism()).build();
    }
    if (options.keyGroups().equals(recorded) && options.maxParallelism() == h.maxParallelism()) {
      return options;
    }
    throw new IllegalArgumentException(
        "checkpoint "
            + h.id()
            + " was taken of a store with "
            + (recorded == null
                ? "no key groups"
                : recorded + " of maxParallelism " + h.maxParallelism())
            + " but is restored into "
            + options.dirUri()
            + " declaring "
            + options.keyGroups()
            + " of maxParallelism "
            + options.maxParallelism()
            + "; declare the same or none, or rescale to restore part of it");
  }

  /** {@link #open(List, KeyGroupRange, DbOptions, Clock)} with the system clock (UTC). */
  public static Db open(List<CheckpointHandle> handles, KeyGroupRange target, DbOptions options)
      throws IOException {
    return open(handles, target, options, Clock.systemUTC());
  }

  /**
   * Rescale: opens a new store in {@code options.dirUri()} for the key groups {@code target} out of
   * the checkpoints of several stores, by reference. Nothing is read, rewritten or downloaded: the
   * new store's first manifest lists the checkpoints' files where they are, each clipped to the
   * part of its checkpoint's key groups that lies in {@code target} (docs/rescale.md). Handles
   * whose key groups do not intersect {@code target} are ignored. The new store reads, for every
   * key of {@code target}, exactly what the checkpoint whose key groups hold it held, and numbers
   * its own writes above every checkpoint's sequence number. A checkpoint of it lists the same
   * files with their clips, so rescaling again only ever narrows them.
   *
   * <p>Before the store opens, a {@link CheckpointLease} is taken on every checkpoint that
   * intersects {@code target} and names its storage ({@link CheckpointHandle#storageUri()}); each
   * ends once the store no longer lists any file of that checkpoint (at once for a checkpoint it
   * lists none of). If a lease cannot be taken, the leases taken are given back and the manifest
   * withdrawn.
   *
   * @param handles checkpoints of stores that declared key groups of one maxParallelism, pairwise
   *     disjoint, whose ranges cover {@code target} (a handle may cover several new stores)
   * @param target the key groups of the new store
   * @param options must declare {@code keyGroups(target, maxParallelism)} and the checkpoints'
   *     merge function
   * @param clock stamps the leases
   * @throws IllegalArgumentException naming the handles (ids and key groups) if an argument is
   *     null, the handle list is empty, a handle declares no key groups, two handles' key groups
   *     overlap, handles disagree on maxParallelism, the options do not declare {@code
   *     keyGroups(target, maxParallelism)}, a checkpoint that intersects the target was written
   *     with another merge function, the handles that intersect the target do not cover it, the
   *     directory already holds a store, or a checkpoint's storage no longer retains it
   * @throws IOException naming the URI if a lease or the manifest cannot be written or the store
   *     not opened
   */
  public static Db open(
      List<CheckpointHandle> handles, KeyGroupRange target, DbOptions options, Clock clock)
      throws IOException {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    long start = options == null ? 0 : options.nanoClock().getAsLong();
    RescalePlan plan = RescalePlan.of(handles, target, options);
    Db db = linkAndOpen(options, plan.references(), plan.lastSequence(), plan.sources(), clock);
    List<Long> ids = new ArrayList<>();
    for (RescalePlan.Source s : plan.sources()) {
      ids.add(s.handle().id());
    }
    LOG.info(
        "rescaled checkpoints {} into {} for {}: {} references to {} files linked, {} ms",
        ids,
        options.dirUri(),
        target,
        plan.references().size(),
        plan.physicalPaths().size(),
        (options.nanoClock().getAsLong() - start) / 1_000_000);
    return db;
  }

  /**
   * Writes the first manifest listing {@code files}, takes a lease on every source that names its
   * storage, opens the store and attaches the leases to it; on failure gives back what it took.
   */
  private static Db linkAndOpen(
      DbOptions options,
      List<StoreFile> files,
      long lastSequence,
      List<RescalePlan.Source> sources,
      Clock clock)
      throws IOException {
    List<String> paths = new ArrayList<>();
    for (RescalePlan.Source s : sources) {
      paths.addAll(s.paths());
    }
    Object reservation = LiveStores.reserve(paths);
    List<LeaseHolder> leases = new ArrayList<>();
    try {
      // The manifest before the leases: a storage that finds a lease whose holder directory holds
      // no store may end it (the store was destroyed), so a holder must exist before its lease.
      StoreManifest.createInitial(options, files, lastSequence);
      try {
        for (RescalePlan.Source s : sources) {
          if (s.handle().storageUri() != null) {
            leases.add(
                LeaseHolder.acquire(
                    s.handle(), s.paths(), options.dirUri(), options.hadoopConfiguration(), clock));
          }
        }
      } catch (IOException | RuntimeException e) {
        withdrawQuietly(options, e);
        throw e;
      }
      Db db = Db.open(options); // tracked by OpenStoreGuard like every store
      for (LeaseHolder lease : leases) {
        if (lease.holdsNothing()) {
          lease.releaseQuietly(); // the store lists none of that checkpoint's files
        } else {
          lease.attach(StoreEngine.of(db));
        }
      }
      return db;
    } catch (IOException | RuntimeException e) {
      for (LeaseHolder lease : leases) {
        lease.releaseQuietly();
      }
      throw e;
    } finally {
      LiveStores.unreserve(reservation);
    }
  }

  /** Takes back the manifest of a store that never opened, keeping {@code cause} first. */
  private static void withdrawQuietly(DbOptions options, Exception cause) {
    try {
      StoreManifest.withdrawInitial(options);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Reopens a store from its own directory: the same as {@link Db#open}, which protects a store's
   * files as well as this method ever did (a checkpoint storage keeps every file the store's
   * manifest lists, and, in this process, every file any open version of it reads). Kept for code
   * written against earlier releases.
   *
   * @throws IllegalArgumentException if options is null, or as {@link Db#open}
   * @throws IOException naming the URI as {@link Db#open}
   */
  public static Db reopen(DbOptions options) throws IOException {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return Db.open(options);
  }

  private static String describe(String mergeName) {
    return mergeName == null ? "<none>" : "'" + mergeName + "'";
  }
}
