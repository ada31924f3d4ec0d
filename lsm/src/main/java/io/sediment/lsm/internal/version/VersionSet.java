package io.sediment.lsm.internal.version;

import io.sediment.fs.FileOwnership;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class VersionSet {

  private final StatePublisher publisher;
  private final FileReleaser releaser;
  private final AtomicLong nextFileNumber;
  private final Map<Long, Integer> fileRefs = new HashMap<>();
  private final Map<Long, FileMetadata> filesByNumber = new HashMap<>();
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

  /** Allocates a new file number. */
  public long newFileNumber() {
    return nextFileNumber.getAndIncrement();
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
    long nextNumber = Math.max(nextFileNumber.get(), edit.nextFileNumber().orElse(0));
    for (FileMetadata f : edit.addedFiles()) {
      nextNumber = Math.max(nextNumber, f.fileNumber() + 1);
    }
    long seq = Math.max(lastSequence, edit.lastSequence().orElse(0));
    long log = edit.logNumber().orElse(logNumber);
    publisher.publish(new VersionState(next, nextNumber, seq, log));
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
    return new VersionState(current, nextFileNumber.get(), lastSequence, logNumber);
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
