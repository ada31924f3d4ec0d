package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One {@link InternalIterator} over a level of sorted, disjoint files (level 1 and deeper), opening
 * only the file it is positioned in: a scan of a level with many files holds one file iterator at a
 * time instead of one per file.
 *
 * <p>Positioning picks the file by its key bounds and moves to the neighbouring file when the
 * current one is exhausted in the direction of travel. A failure to open a file surfaces as an
 * {@link UncheckedIOException} (the {@link InternalIterator} contract) and leaves the iterator
 * invalid. Not thread-safe.
 */
final class LevelIterator implements InternalIterator {

  /** Opens the point-entry iterator of one file. */
  @FunctionalInterface
  interface Opener {
    InternalIterator open(FileMetadata file) throws IOException;
  }

  private final List<FileMetadata> files;
  private final Opener opener;
  private int index = -1;
  private InternalIterator current;

  LevelIterator(List<FileMetadata> files, Opener opener) {
    this.files = List.copyOf(files);
    this.opener = opener;
  }

  private void open(int i) {
    if (current != null && index == i) {
      return;
    }
    closeCurrent();
    index = i;
    if (i < 0 || i >= files.size()) {
      return;
    }
    try {
      current = opener.open(files.get(i));
    } catch (IOException e) {
      index = -1;
      throw new UncheckedIOException(e);
    }
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** Moves forward over files until one has an entry. */
  private void skipEmptyForward() {
    while (current != null && !current.isValid()) {
      if (index + 1 >= files.size()) {
        closeCurrent();
        return;
      }
      open(index + 1);
      current.seekToFirst();
    }
  }

  /** Moves backward over files until one has an entry. */
  private void skipEmptyBackward() {
    while (current != null && !current.isValid()) {
      if (index <= 0) {
        closeCurrent();
        return;
      }
      open(index - 1);
      current.seekToLast();
    }
  }

  @Override
  public boolean isValid() {
    return current != null && current.isValid();
  }

  @Override
  public void seekToFirst() {
    if (files.isEmpty()) {
      return;
    }
    open(0);
    current.seekToFirst();
    skipEmptyForward();
  }

  @Override
  public void seekToLast() {
    if (files.isEmpty()) {
      return;
    }
    open(files.size() - 1);
    current.seekToLast();
    skipEmptyBackward();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    // First file whose largest key is at or past the target.
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      byte[] largest = files.get(mid).largest();
      if (InternalKey.compare(largest, 0, largest.length, target, offset, length) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == files.size()) {
      closeCurrent();
      return;
    }
    open(lo);
    current.seek(target, offset, length);
    skipEmptyForward();
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    // Last file whose smallest key is at or before the target.
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      byte[] smallest = files.get(mid).smallest();
      if (InternalKey.compare(smallest, 0, smallest.length, target, offset, length) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == 0) {
      closeCurrent();
      return;
    }
    open(lo - 1);
    current.seekForPrev(target, offset, length);
    skipEmptyBackward();
  }

  @Override
  public void next() {
    current.next();
    skipEmptyForward();
  }

  @Override
  public void prev() {
    current.prev();
    skipEmptyBackward();
  }

  @Override
  public byte[] keyArray() {
    return current.keyArray();
  }

  @Override
  public int keyOffset() {
    return current.keyOffset();
  }

  @Override
  public int keyLength() {
    return current.keyLength();
  }

  @Override
  public byte[] valueArray() {
    return current.valueArray();
  }

  @Override
  public int valueOffset() {
    return current.valueOffset();
  }

  @Override
  public int valueLength() {
    return current.valueLength();
  }

  @Override
  public void close() {
    closeCurrent();
    index = -1;
  }
}
