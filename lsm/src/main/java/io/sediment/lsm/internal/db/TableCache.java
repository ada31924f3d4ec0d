package io.sediment.lsm.internal.db;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import io.sediment.lsm.internal.sst.SstReader;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;

/**
 * Open {@link SstReader}s of the live files, opened on first use and closed when the file is
 * released (no live version holds it any more), so a reader is never closed under a read that pins
 * a version containing its file. Readers are kept per file reference (file number): every read goes
 * through the reference's {@link SstView}, which applies its clip, so two references to one
 * physical file with two clips read two different things. Files are read through the store's {@link
 * ReadTiers}; a released file is dropped from both tiers. Closing the table cache closes the tiers
 * the store created. Thread-safe.
 */
final class TableCache implements Closeable {

  private record Table(ReadableFile file, SstView view, TombstoneSet tombstones) {}

  private final FileSystemView view;
  private final ReadTiers tiers;
  private final ConcurrentHashMap<Long, Table> open = new ConcurrentHashMap<>();

  TableCache(FileSystemView view, ReadTiers tiers) {
    this.view = view;
    this.tiers = tiers;
  }

  FileSystemView view() {
    return view;
  }

  ReadTiers tiers() {
    return tiers;
  }

  /**
   * Creates a new SST at {@code path} (create-if-absent), written through to the file cache.
   *
   * @throws org.apache.hadoop.fs.FileAlreadyExistsException if the path exists
   * @throws IOException naming the path if the file system fails
   */
  WritableFile createSst(Path path) throws IOException {
    return tiers.writeThrough(view.create(path));
  }

  /** Deletes an SST that was never published and forgets its local copies. */
  void deleteUnpublished(Path path) throws IOException {
    try {
      view.delete(path);
    } finally {
      tiers.invalidateFile(path);
    }
  }

  /** Physical path of {@code f}. */
  Path path(FileMetadata f) {
    return f.inStoreDirectory() ? view.resolve(f.logicalName()) : new Path(f.physicalPath());
  }

  /**
   * The reader of {@code f} with its clip applied, opened if needed.
   *
   * @throws IOException naming the file (a CorruptionException for bad data)
   */
  SstView reader(FileMetadata f) throws IOException {
    return table(f).view;
  }

  /** The range tombstones of {@code f} cut to its clip, fragmented once per open file. */
  TombstoneSet tombstones(FileMetadata f) throws IOException {
    return table(f).tombstones;
  }

  private Table table(FileMetadata f) throws IOException {
    Table t = open.get(f.fileNumber());
    if (t != null) {
      return t;
    }
    try {
      return open.computeIfAbsent(
          f.fileNumber(),
          n -> {
            try {
              return openTable(f);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Table openTable(FileMetadata f) throws IOException {
    ReadableFile file = tiers.openRead(view, path(f));
    try {
      SstReader reader = SstReader.open(file, f.fileNumber(), tiers.blockCache());
      SstView clipped;
      try {
        clipped = new SstView(reader, f);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
      return new Table(file, clipped, TombstoneSet.of(clipped.rangeTombstones()));
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /**
   * Closes the reader of a released file reference, if open, and, when {@code lastReference} (no
   * other live reference of the store reads the same physical file), drops its local copies.
   */
  void release(FileMetadata f, boolean lastReference) {
    evict(f.fileNumber());
    if (lastReference) {
      tiers.invalidateFile(path(f));
    }
  }

  private void evict(long fileNumber) {
    Table t = open.remove(fileNumber);
    if (t != null) {
      closeQuietly(t);
    }
  }

  private void closeQuietly(Table t) {
    // A closed reader's blocks are never looked up again (its cache file id is not reused).
    tiers.invalidateBlocks(t.view.reader().cacheFileId());
    t.view.reader().close();
    try {
      t.file.close();
    } catch (IOException ignored) {
      // The file is immutable and no longer read: nothing is lost by a failed close.
    }
  }

  /**
   * Closes every open reader and the tiers the store created. Local copies of live files stay in
   * the file cache for the next open.
   */
  @Override
  public void close() {
    for (Long n : open.keySet()) {
      evict(n);
    }
    tiers.close();
  }
}
