package io.sediment.lsm.internal.version;

import io.sediment.fs.FileOwnership;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the current {@link Version} and the counters that go with it, and keeps every file alive
 * while some referenced version contains it.
 *
 * <p>Changes go through {@link #logAndApply(VersionEdit)}: the edit is applied to the current
 * version, the resulting state is published (the manifest) and only then does it become current.
 * Edits are serialized by this object's monitor; {@link #current()} is lock-free.
 *
 * <p>File lifetime: each installed version holds one count on each of its files. The set keeps a
 * reference on the current version; when a version is no longer current and its last reference
 * goes, its counts are dropped, and a file whose count reaches zero is handed to the {@link
 * FileReleaser} exactly once.
 *
 * <p>Output numbers: flushes and compactions take the numbers of their new files from {@link
 * #newOutputNumber()}; such a number is <em>pending</em> until an edit adds its file or the writer
 * gives it up ({@link #releaseOutput}). Each published state lists the pending numbers below its
 * next file number, so recovery can tell the unfinished outputs of a crashed store (pending, or
 * numbered from the next file number on) from older files the store no longer lists but must not
 * delete (files it handed to a checkpoint). Allocation and the snapshot taken for a publish share a
 * small lock of their own, never held during I/O.
 */
public final class VersionSet {

  private final StatePublisher publisher;
  private final FileReleaser releaser;
  private final AtomicLong nextFileNumber;
  private final Map<Long, Integer> fileRefs = new HashMap<>();
  private final Map<Long, FileMetadata> filesByNumber = new HashMap<>();
  private final Object numbering = new Object();
  private final Set<Long> pendingOutputs = new HashSet<>(); // guarded by numbering
  private volatile Version current;
  private long lastSequence;
  private long logNumber;

  /**
   * @param recovered the state read at open (its version is adopted as current)
   */
  public VersionSet(VersionState recovered, StatePublisher publisher, FileReleaser releaser) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.releaser = Objects.requireNonNull(releaser, "releaser");
    this.nextFileNumber = new AtomicLong(recovered.nextFileNumber());
    this.lastSequence = recovered.lastSequence();
    this.logNumber = recovered.logNumber();
    Version adopted = Version.empty().apply(editFor(recovered.version()), this::versionDead);
    install(adopted);
  }

  private static VersionEdit editFor(Version v) {
    VersionEdit edit = new VersionEdit();
    v.allFiles().forEach(edit::addFile);
    return edit;
  }

  /** The current version, without a reference: call {@link Version#ref()} to pin it. */
  public Version current() {
    return current;
  }

  /**
   * Pins and returns the current version; pair with {@link Version#unref()}. Lock-free, so reads
   * never wait for a manifest being published.
   */
  public Version refCurrent() {
    while (true) {
      Version v = current;
      // The set holds a reference on the current version, so this fails only if v was replaced
      // and released meanwhile; then current is already newer.
      if (v.tryRef()) {
        return v;
      }
    }
  }

  /** Allocates a new file number for a file that is not an SST output (a write-ahead log). */
  public long newFileNumber() {
    return nextFileNumber.getAndIncrement();
  }

  /**
   * Allocates the number of a new flush or compaction output; it stays pending (listed in every
   * published state) until an edit adds the file or {@link #releaseOutput} gives it up.
   */
  public long newOutputNumber() {
    synchronized (numbering) {
      long n = nextFileNumber.getAndIncrement();
      pendingOutputs.add(n);
      return n;
    }
  }

  /** Gives up output number {@code number}: its file was deleted or never created. */
  public void releaseOutput(long number) {
    synchronized (numbering) {
      pendingOutputs.remove(number);
    }
  }

  /**
   * Lists {@code number} as pending from now on although nothing writes it: an orphan file found at
   * open whose deletion failed, so that the next recovery finds it an orphan again.
   *
   * @throws IllegalArgumentException if the number is not below the next file number
   */
  public void keepPending(long number) {
    synchronized (numbering) {
      if (number <= 0 || number >= nextFileNumber.get()) {
        throw new IllegalArgumentException(
            "pending number " + number + " must be below the next file number " + nextFileNumber);
      }
      pendingOutputs.add(number);
    }
  }

  /** Output numbers allocated and neither installed nor released, ascending (for tests). */
  public List<Long> pendingOutputs() {
    synchronized (numbering) {
      List<Long> pending = new ArrayList<>(pendingOutputs);
      pending.sort(null);
      return pending;
    }
  }

  /** Makes sure numbers handed out from now on are at least {@code minimum}. */
  public void bumpNextFileNumber(long minimum) {
    nextFileNumber.accumulateAndGet(minimum, Math::max);
  }

  public long nextFileNumber() {
    return nextFileNumber.get();
  }

  public synchronized long lastSequence() {
    return lastSequence;
  }

  public synchronized long logNumber() {
    return logNumber;
  }

  /**
   * Applies {@code edit}, publishes the resulting state and makes it current. On failure nothing
   * changes.
   *
   * @throws IOException if the state could not be published
   * @throws IllegalArgumentException if the edit does not fit the current version
   */
  public synchronized Version logAndApply(VersionEdit edit) throws IOException {
    Version next = current.apply(keepShared(edit), this::versionDead);
    Set<Long> added = new HashSet<>();
    for (FileMetadata f : edit.addedFiles()) {
      added.add(f.fileNumber());
    }
    Set<Long> settled = new HashSet<>(added);
    settled.addAll(edit.releasedOutputs());
    long nextNumber;
    List<Long> pending = new ArrayList<>();
    synchronized (numbering) {
      // One snapshot of the counter and the pending numbers: a number allocated after it is at
      // least nextNumber, one allocated before it is listed unless this edit adds its file.
      nextNumber = Math.max(nextFileNumber.get(), edit.nextFileNumber().orElse(0));
      for (long n : pendingOutputs) {
        if (!settled.contains(n)) {
          pending.add(n);
        }
      }
    }
    for (long n : added) {
      nextNumber = Math.max(nextNumber, n + 1);
    }
    pending.sort(null);
    long seq = Math.max(lastSequence, edit.lastSequence().orElse(0));
    long log = edit.logNumber().orElse(logNumber);
    publisher.publish(new VersionState(next, nextNumber, seq, log, pending));
    synchronized (numbering) {
      pendingOutputs.removeAll(settled);
    }
    bumpNextFileNumber(nextNumber);
    lastSequence = seq;
    logNumber = log;
    install(next);
    return next;
  }

  /**
   * An edit whose added files keep the {@link FileOwnership#SHARED} mark of a file already live
   * under the same number: a compaction that planned a trivial move before a checkpoint shared the
   * file must not hand it back to the store.
   */
  private VersionEdit keepShared(VersionEdit edit) {
    boolean stale = false;
    for (FileMetadata f : edit.addedFiles()) {
      FileMetadata live = filesByNumber.get(f.fileNumber());
      stale |= live != null && live.ownership() != f.ownership();
    }
    if (!stale) {
      return edit;
    }
    VersionEdit fixed = new VersionEdit();
    edit.deletedFiles().forEach(d -> fixed.deleteFile(d.level(), d.fileNumber()));
    for (FileMetadata f : edit.addedFiles()) {
      FileMetadata live = filesByNumber.get(f.fileNumber());
      fixed.addFile(
          live != null && live.ownership() == FileOwnership.SHARED
              ? f.withOwnership(FileOwnership.SHARED)
              : f);
    }
    edit.nextFileNumber().ifPresent(fixed::setNextFileNumber);
    edit.lastSequence().ifPresent(fixed::setLastSequence);
    edit.logNumber().ifPresent(fixed::setLogNumber);
    return fixed;
  }

  /**
   * Hands the owned files among {@code files} to a checkpoint: from now on the store never deletes
   * them ({@link FileOwnership#SHARED}). The mark takes effect at once for every live version (also
   * for a file a concurrent compaction already removed from the current version, as long as a
   * pinned version still holds it), and is published with the files of the current version so it
   * survives reopening. A file no version holds any more is skipped: pin the version first.
   *
   * @return the numbers of the files that were owned and are now shared
   * @throws IOException if the new state could not be published; the in-memory marks stay (a file
   *     is then kept rather than deleted)
   */
  public synchronized List<Long> markShared(List<FileMetadata> files) throws IOException {
    List<Long> marked = new ArrayList<>();
    for (FileMetadata f : files) {
      FileMetadata live = filesByNumber.get(f.fileNumber());
      if (live != null && live.ownership() == FileOwnership.OWNED) {
        filesByNumber.put(f.fileNumber(), live.withOwnership(FileOwnership.SHARED));
        marked.add(f.fileNumber());
      }
    }
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : current.allFiles()) {
      if (f.ownership() == FileOwnership.OWNED
          && filesByNumber.get(f.fileNumber()).ownership() == FileOwnership.SHARED) {
        edit.deleteFile(f.level(), f.fileNumber());
        edit.addFile(f.withOwnership(FileOwnership.SHARED));
      }
    }
    if (!edit.addedFiles().isEmpty()) {
      logAndApply(edit);
    }
    return marked;
  }

  /** Every file some live version (current or pinned) holds, in no particular order. */
  public synchronized List<FileMetadata> liveFiles() {
    return new ArrayList<>(filesByNumber.values());
  }

  /** The state as last published. */
  public synchronized VersionState state() {
    List<Long> pending = new ArrayList<>();
    long next;
    synchronized (numbering) {
      next = nextFileNumber.get();
      pending.addAll(pendingOutputs);
    }
    pending.sort(null);
    return new VersionState(current, next, lastSequence, logNumber, pending);
  }

  private void install(Version next) {
    for (FileMetadata f : next.allFiles()) {
      if (fileRefs.merge(f.fileNumber(), 1, Integer::sum) == 1) {
        releaser.adopted(f);
      }
      filesByNumber.put(f.fileNumber(), f);
    }
    next.ref();
    Version previous = current;
    current = next;
    if (previous != null) {
      previous.unref();
    }
  }

  /** Called when a version's last reference is dropped. */
  private void versionDead(Version dead) {
    FileMetadata[] toRelease;
    synchronized (this) {
      if (dead == current) {
        // Only reachable through an unbalanced unref; the set's own reference keeps current alive.
        throw new IllegalStateException("current version lost its last reference");
      }
      List<FileMetadata> released = new ArrayList<>();
      for (FileMetadata f : dead.allFiles()) {
        int left = fileRefs.merge(f.fileNumber(), -1, Integer::sum);
        if (left == 0) {
          fileRefs.remove(f.fileNumber());
          released.add(filesByNumber.remove(f.fileNumber()));
        }
      }
      toRelease = released.toArray(new FileMetadata[0]);
    }
    // Outside the monitor: releasing may do I/O.
    for (FileMetadata f : toRelease) {
      releaser.release(f);
    }
  }

  /** Number of versions that hold file {@code fileNumber} (for tests and stats). */
  public synchronized int fileReferenceCount(long fileNumber) {
    return fileRefs.getOrDefault(fileNumber, 0);
  }
}
