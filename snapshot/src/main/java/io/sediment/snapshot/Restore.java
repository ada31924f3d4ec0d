package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
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
   * @param clock stamps the lease taken in the checkpoint's storage (see {@link
   *     CheckpointStorage#expireLeases})
   * @throws IllegalArgumentException if an argument is null, the directory already holds a store,
   *     the options' merge function is not the one the checkpoint was written with, or the handle's
   *     storage no longer retains the checkpoint
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
    FileOwnership ownership =
        mode == RestoreMode.CLAIM ? FileOwnership.OWNED : FileOwnership.NOT_OWNED;
    // The checkpoint's numbers stay with its files and new files are numbered after them: a
    // checkpoint of the restored store then never lists two files with one number.
    List<StoreFile> files = new ArrayList<>(h.fileCount());
    for (StoreFile f : h.files()) {
      files.add(f.withOwnership(ownership));
    }
    Object reservation = LiveStores.reserve(h.physicalPaths());
    LeaseHolder lease = null;
    try {
      // The manifest before the lease: a storage that finds a lease whose holder directory holds
      // no store may end it (the store was destroyed), so a holder must exist before its lease.
      StoreManifest.createInitial(options, files, h.sequence());
      if (h.storageUri() != null) {
        try {
          lease = LeaseHolder.acquire(h, options.dirUri(), options.hadoopConfiguration(), clock);
        } catch (IOException | RuntimeException e) {
          withdrawQuietly(options, e);
          throw e;
        }
      }
      Db db = Db.open(options); // tracked by OpenStoreGuard like every store
      if (lease != null) {
        lease.attach(StoreEngine.of(db));
      }
      LOG.info(
          "restored checkpoint {} into {} ({}): {} files linked, {} ms",
          h.id(),
          options.dirUri(),
          mode,
          h.fileCount(),
          (options.nanoClock().getAsLong() - start) / 1_000_000);
      return db;
    } catch (IOException | RuntimeException e) {
      if (lease != null) {
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
