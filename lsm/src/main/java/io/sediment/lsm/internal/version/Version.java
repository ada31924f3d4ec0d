package io.sediment.lsm.internal.version;

import io.sediment.lsm.internal.InternalKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An immutable set of live SST files arranged in {@link #NUM_LEVELS} levels.
 *
 * <p>Invariants (checked when an edit is applied): level 0 is ordered newest first (by largest
 * sequence number, then file number) and its files may overlap; every deeper level is sorted by key
 * and its files are disjoint by internal-key range, so at most one file of a level can hold a given
 * user key.
 *
 * <p>A version is reference-counted by its {@link VersionSet}: readers, iterators and compactions
 * {@link #ref()} the version they work on and {@link #unref()} it when done, and the files of a
 * version stay on disk while it is referenced. The reference count is the only mutable part.
 */
public final class Version {

  /** Levels 0..6. */
  public static final int NUM_LEVELS = io.sediment.lsm.StoreFile.NUM_LEVELS;

  /** Newest first: the order of reads over level 0. */
  static final Comparator<FileMetadata> LEVEL0_ORDER =
      Comparator.comparingLong(FileMetadata::largestSequence)
          .thenComparingLong(FileMetadata::fileNumber)
          .reversed();

  static final Comparator<FileMetadata> KEY_ORDER =
      (a, b) -> InternalKey.compare(a.smallest(), b.smallest());

  private final List<List<FileMetadata>> levels;
  private final AtomicInteger refs = new AtomicInteger();
  private final Consumer<Version> onUnreferenced;

  Version(List<List<FileMetadata>> levels, Consumer<Version> onUnreferenced) {
    List<List<FileMetadata>> copy = new ArrayList<>(NUM_LEVELS);
    for (List<FileMetadata> level : levels) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(level)));
    }
    this.levels = Collections.unmodifiableList(copy);
    this.onUnreferenced = onUnreferenced;
  }

  /** An empty version not owned by any set (for tests and pickers). */
  public static Version empty() {
    List<List<FileMetadata>> levels = new ArrayList<>();
    for (int i = 0; i < NUM_LEVELS; i++) {
      levels.add(List.of());
    }
    return new Version(levels, v -> {});
  }

  /**
   * The version that results from applying {@code edit}: removed files must exist at their level,
   * added files must not exist yet, and the level invariants must hold afterwards.
   *
   * @throws IllegalArgumentException naming the file that breaks a rule
   */
  public Version apply(VersionEdit edit) {
    return apply(edit, onUnreferenced);
  }

  Version apply(VersionEdit edit, Consumer<Version> onUnreferencedOfResult) {
    List<List<FileMetadata>> next = new ArrayList<>(NUM_LEVELS);
    for (List<FileMetadata> level : levels) {
      next.add(new ArrayList<>(level));
    }
    for (VersionEdit.DeletedFile d : edit.deletedFiles()) {
      checkLevel(d.level());
      boolean removed = next.get(d.level()).removeIf(f -> f.fileNumber() == d.fileNumber());
      if (!removed) {
        throw new IllegalArgumentException(
            "edit deletes file " + d.fileNumber() + " which is not at level " + d.level());
      }
    }
    Set<Long> present = new HashSet<>();
    for (List<FileMetadata> level : next) {
      for (FileMetadata f : level) {
        present.add(f.fileNumber());
      }
    }
    for (FileMetadata f : edit.addedFiles()) {
      if (!present.add(f.fileNumber())) {
        throw new IllegalArgumentException("edit adds file " + f.fileNumber() + " twice");
      }
      next.get(f.level()).add(f);
    }
    next.get(0).sort(LEVEL0_ORDER);
    for (int level = 1; level < NUM_LEVELS; level++) {
      List<FileMetadata> files = next.get(level);
      files.sort(KEY_ORDER);
      for (int i = 1; i < files.size(); i++) {
        FileMetadata prev = files.get(i - 1);
        FileMetadata cur = files.get(i);
        if (InternalKey.compare(prev.largest(), cur.smallest()) >= 0) {
          throw new IllegalArgumentException(
              "files " + prev + " and " + cur + " overlap at level " + level);
        }
      }
    }
    return new Version(next, onUnreferencedOfResult);
  }

  private static void checkLevel(int level) {
    if (level < 0 || level >= NUM_LEVELS) {
      throw new IllegalArgumentException("level out of range: " + level);
    }
  }

  /** Files of {@code level}: newest first at level 0, by key elsewhere. */
  public List<FileMetadata> files(int level) {
    checkLevel(level);
    return levels.get(level);
  }

  /** Number of files at {@code level}. */
  public int fileCount(int level) {
    return files(level).size();
  }

  /** Total number of files. */
  public int fileCount() {
    int n = 0;
    for (List<FileMetadata> level : levels) {
      n += level.size();
    }
    return n;
  }

  /** Sum of file sizes at {@code level}. */
  public long levelBytes(int level) {
    long sum = 0;
    for (FileMetadata f : files(level)) {
      sum += f.fileSize();
    }
    return sum;
  }

  /** Every live file, level by level. */
  public List<FileMetadata> allFiles() {
    List<FileMetadata> all = new ArrayList<>();
    for (List<FileMetadata> level : levels) {
      all.addAll(level);
    }
    return all;
  }

  /**
   * Files at {@code level} that may hold keys in the user-key range {@code [begin, end]} (both
   * inclusive; null is unbounded), in the level's order.
   */
  public List<FileMetadata> overlapping(int level, byte[] begin, byte[] end) {
    List<FileMetadata> out = new ArrayList<>();
    for (FileMetadata f : files(level)) {
      if (f.overlaps(begin, end)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The one file at {@code level >= 1} that may hold {@code userKey}, or null. Binary search over
   * the level's disjoint, sorted files.
   */
  public FileMetadata fileFor(int level, byte[] userKey) {
    if (level == 0) {
      throw new IllegalArgumentException("level 0 files overlap; no single file for a key");
    }
    List<FileMetadata> files = files(level);
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (files.get(mid).endsBefore(userKey)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == files.size() || files.get(lo).startsAfter(userKey)) {
      return null;
    }
    return files.get(lo);
  }

  /** Deepest level holding any file, or -1 when empty. */
  public int deepestNonEmptyLevel() {
    for (int level = NUM_LEVELS - 1; level >= 0; level--) {
      if (!levels.get(level).isEmpty()) {
        return level;
      }
    }
    return -1;
  }

  /** Takes a reference; pair with {@link #unref()}. Returns this for chaining. */
  public Version ref() {
    refs.incrementAndGet();
    return this;
  }

  /**
   * Takes a reference unless the version is already dead (its count reached zero); never revives a
   * version whose files may have been released.
   */
  boolean tryRef() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one lets the set release files no other version holds. */
  public void unref() {
    int left = refs.decrementAndGet();
    if (left == 0) {
      onUnreferenced.accept(this);
    } else if (left < 0) {
      throw new IllegalStateException("version unreferenced more often than referenced");
    }
  }

  int refCount() {
    return refs.get();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Version[");
    for (int level = 0; level < NUM_LEVELS; level++) {
      if (!levels.get(level).isEmpty()) {
        sb.append(" L").append(level).append('=').append(levels.get(level).size());
      }
    }
    return sb.append(" ]").toString();
  }
}
