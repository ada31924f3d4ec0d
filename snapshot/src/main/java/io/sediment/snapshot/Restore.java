package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionState;
import java.io.IOException;
import java.time.Clock;
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
 * before the store reads anything, so the storage keeps the checkpoint's files for it in whatever
 * process it runs; the lease ends when the store closes, or earlier once it no longer holds any of
 * the checkpoint's files.
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
    VersionEdit edit = new VersionEdit();
    long nextFileNumber = 1;
    for (FileMetadata f : h.files()) {
      edit.addFile(f.withOwnership(ownership));
      nextFileNumber = Math.max(nextFileNumber, f.fileNumber() + 1);
    }
    // Keep the checkpoint's numbers for its files and number new files after them: a checkpoint
    // of the restored store then never lists two files with one number.
    VersionState state =
        new VersionState(Version.empty().apply(edit), nextFileNumber, h.sequence(), 0);
    byte[] codes = new byte[Version.NUM_LEVELS];
    for (int level = 0; level < codes.length; level++) {
      codes[level] = (byte) options.compression(level).code();
    }
    LeaseHolder lease =
        h.storageUri() == null
            ? null
            : LeaseHolder.acquire(h, options.dirUri(), options.hadoopConfiguration(), clock);
    Object reservation = LiveStores.reserve(h.physicalPaths());
    try {
      try (FileSystemView view =
          FileSystemView.open(options.dirUri(), options.hadoopConfiguration())) {
        if (ManifestStore.recover(view).isPresent()) {
          throw new IllegalArgumentException(
              "cannot restore into " + options.dirUri() + ": it already holds a store");
        }
        new ManifestStore(view, merge, codes, 0).publish(state);
      }
      Db db = Db.open(options);
      LiveStores.track(db.internal());
      if (lease != null) {
        lease.attach(db.internal());
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

  /**
   * Reopens a store from its own directory, as {@link Db#open} does, and protects the checkpointed
   * files it holds like {@link #open(CheckpointHandle, DbOptions, RestoreMode)} does: while it is
   * open, no {@link CheckpointStorage} of this process deletes a file it holds. Use it to reopen a
   * store that was restored from a checkpoint, or checkpointed, when checkpoints whose files it may
   * hold can still be discarded in this process; {@link Db#open} alone leaves those files
   * unprotected.
   *
   * @throws IllegalArgumentException if options is null, or as {@link Db#open}
   * @throws IOException naming the URI as {@link Db#open}
   */
  public static Db reopen(DbOptions options) throws IOException {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    Db db = Db.open(options);
    LiveStores.track(db.internal());
    return db;
  }

  private static String describe(String mergeName) {
    return mergeName == null ? "<none>" : "'" + mergeName + "'";
  }
}
