package io.sediment.snapshot;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease a restored store holds on the checkpoint it came from ({@link CheckpointLease}), from
 * before the store's first manifest is written until the store no longer holds any file of the
 * checkpoint. A store that closes while it still lists some of them keeps its lease, so the
 * checkpoint's files stay for it while it is closed.
 *
 * <p><b>Taking it.</b> Add the lease to the checkpoint's {@link LeaseLog}, <em>then</em> read the
 * storage's newest registry and require the checkpoint to be retained. A discard publishes the
 * registry without the checkpoint <em>before</em> it reads the leases, so either the discard sees
 * this lease (and holds the files), or this restore sees the discard (and fails before it reads a
 * file). This needs only that a read sees every write completed before it started, which HDFS,
 * local disks and today's object stores give.
 *
 * <p>Thread-safe: the store's compaction threads report released files while its owner may close.
 */
final class LeaseHolder {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseHolder.class);

  private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

  private final FileSystemView root;
  private final LeaseLog log;
  private final CheckpointLease lease;
  private final Set<String> stillHeld;
  private boolean released;

  private LeaseHolder(FileSystemView root, CheckpointLease lease, Set<String> files) {
    this.root = root;
    this.log = new LeaseLog(root, lease.checkpointId());
    this.lease = lease;
    this.stillHeld = files;
  }

  /**
   * Takes a lease on {@code h}'s files in its storage for the store at {@code holder}.
   *
   * @throws IllegalArgumentException if the storage no longer retains the checkpoint
   * @throws IOException naming the storage if the lease cannot be written or the registry read
   */
  static LeaseHolder acquire(CheckpointHandle h, String holder, Configuration conf, Clock clock)
      throws IOException {
    return acquire(h, h.physicalPaths(), holder, conf, clock);
  }

  /**
   * Takes a lease on {@code h} for the store at {@code holder}, which lists {@code files} of it (a
   * rescaled store lists only the files that intersect its key groups): the lease ends once the
   * store holds none of them.
   *
   * @throws IllegalArgumentException if the storage no longer retains the checkpoint
   * @throws IOException naming the storage if the lease cannot be written or the registry read
   */
  static LeaseHolder acquire(
      CheckpointHandle h, Collection<String> files, String holder, Configuration conf, Clock clock)
      throws IOException {
    FileSystemView root = FileSystemView.open(h.storageUri(), conf);
    LeaseHolder taken;
    try {
      taken =
          new LeaseHolder(
              root,
              new CheckpointLease(h.id(), holder, PROCESS, clock.instant()),
              new HashSet<>(files));
      taken.log.add(taken.lease);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
    try {
      VersionedPublisher registryFiles = RootLayout.registryFiles(root);
      Optional<VersionedPublisher.Published> newest = RootLayout.latestRegistry(registryFiles);
      boolean retained = false;
      if (newest.isPresent()) {
        long version = newest.get().version();
        String file = registryFiles.pathOf(version).toString();
        retained =
            SharedFileRegistry.decode(newest.get().content(), file).retained().contains(h.id());
      }
      if (!retained) {
        throw new IllegalArgumentException(
            "checkpoint " + h.id() + " is not retained in " + h.storageUri() + ": discarded?");
      }
      return taken;
    } catch (IOException | RuntimeException e) {
      taken.releaseQuietly();
      throw e;
    }
  }

  /**
   * Ends the lease once {@code db} stops holding the checkpoint's files. A store that closes while
   * it still lists some keeps the lease, so the files stay for its next open.
   */
  void attach(StoreEngine db) {
    FileSystemView view = db.fileSystem();
    db.onFileReleased(p -> fileReleased(view.hadoopFileSystem().makeQualified(p).toString(), p));
    db.onClosed(this::storeClosed);
  }

  /** Whether the store lists none of the checkpoint's files (any more). */
  synchronized boolean holdsNothing() {
    return stillHeld.isEmpty();
  }

  private void storeClosed() {
    boolean stillNeeded;
    synchronized (this) {
      stillNeeded = !stillHeld.isEmpty();
    }
    if (stillNeeded) {
      closeView();
    } else {
      releaseQuietly();
    }
  }

  private void fileReleased(String qualified, Path raw) {
    boolean last;
    synchronized (this) {
      boolean removed = stillHeld.remove(qualified) | stillHeld.remove(raw.toString());
      last = removed && stillHeld.isEmpty();
    }
    if (last) {
      releaseQuietly();
    }
  }

  /**
   * Gives the lease back (once). A failure leaves it in place: it then holds the files until the
   * storage expires it.
   */
  void releaseQuietly() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    try {
      log.removeIf(lease::equals);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "could not end the lease of {} on checkpoint {} in {}; CheckpointStorage.expireLeases"
              + " removes it",
          lease.holder(),
          lease.checkpointId(),
          root.root(),
          e);
    } finally {
      closeView();
    }
  }

  private void closeView() {
    try {
      root.close();
    } catch (IOException ignored) {
      // Nothing was written through it any more.
    }
  }

  CheckpointLease lease() {
    return lease;
  }
}
