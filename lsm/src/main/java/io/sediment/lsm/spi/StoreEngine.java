package io.sediment.lsm.spi;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.db.DbAccess;
import io.sediment.lsm.internal.db.DbImpl;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * The engine of one open {@link Db}, as modules built on the engine (checkpoints, tools, test kits,
 * benchmarks) need it: flushing, the visible sequence number, pinning the current files, handing
 * files to a checkpoint, where files live, and lifecycle hooks. Not for applications: everything an
 * application needs is on {@link Db}.
 *
 * <p>A thin view: {@link #of} is cheap, two views of one store are equal, and the view holds
 * nothing the store does not. Every method is thread-safe. Methods that need an open store throw
 * {@link IllegalStateException} once it is closed, as {@link Db}'s do.
 */
public final class StoreEngine {

  private final DbImpl impl;

  private StoreEngine(DbImpl impl) {
    this.impl = impl;
  }

  /**
   * The engine of {@code db}.
   *
   * @throws IllegalArgumentException if db is null
   */
  public static StoreEngine of(Db db) {
    return new StoreEngine(DbAccess.of(db));
  }

  /**
   * Writes the memtables to SSTs and returns when they are durable, as {@link Db#flush()}.
   *
   * @throws IllegalStateException if the store is closed
   * @throws IOException if the flush failed
   */
  public void flush() throws IOException {
    impl.flush();
  }

  /** The highest sequence number visible to reads: every write that returned has one at most. */
  public long visibleSequence() {
    return impl.visibleSequence();
  }

  /**
   * Pins the store's current files: none of them is deleted until the pin is closed, whatever
   * compactions do meanwhile.
   *
   * @throws IllegalStateException if the store is closed
   */
  public PinnedVersion pinCurrentVersion() {
    return new PinnedVersion(impl.pinCurrentVersion());
  }

  /**
   * Hands the owned files among {@code files} (files of a version the caller has pinned) to a
   * checkpoint: the store never deletes them from now on, also after reopening; the checkpoint
   * storage does. Files already shared or not owned are left as they are.
   *
   * @return numbers of the files that changed from owned to shared
   * @throws IllegalArgumentException if files is null
   * @throws IllegalStateException if the store is closed
   * @throws IOException if the change could not be published (the files are then kept)
   */
  public List<Long> markShared(List<StoreFile> files) throws IOException {
    if (files == null) {
      throw new IllegalArgumentException("files must not be null");
    }
    List<FileMetadata> internal = new ArrayList<>(files.size());
    for (StoreFile f : files) {
      internal.add(FileMetadata.from(f));
    }
    return impl.markShared(internal);
  }

  /**
   * Where {@code file} (a file of this store) lives: in the store's directory under its logical
   * name, or at its recorded physical path.
   *
   * @throws IllegalArgumentException if file is null
   */
  public Path physicalPath(StoreFile file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return impl.physicalPath(FileMetadata.from(file));
  }

  /** Physical paths of every file a live version (current or pinned) of the store holds. */
  public Set<Path> liveFilePaths() {
    return impl.liveFilePaths();
  }

  /** The file-system view the store works through, rooted at its directory. Do not close it. */
  public FileSystemView fileSystem() {
    return impl.fileSystem();
  }

  /** The options the store was opened with. */
  public DbOptions options() {
    return impl.options();
  }

  /**
   * Waits until no compaction runs and none is due.
   *
   * @throws IOException if background work failed
   */
  public void waitForCompactions() throws IOException {
    impl.waitForCompactions();
  }

  /** Whether the store has been closed. */
  public boolean isClosed() {
    return impl.isClosed();
  }

  /**
   * Closes the store <em>without</em> flushing: what is only in the memtables is lost (it survives
   * only in the write-ahead log, when one is enabled), as at a crash. For tests and crash test kits
   * that model a crash; applications close with {@link Db#close()}. Idempotent.
   *
   * @throws IOException if closing the log or the file system failed (the store is closed anyway)
   */
  public void closeWithoutFlush() throws IOException {
    impl.close(false);
  }

  /**
   * Calls {@code listener} with the physical path of every file the store is done with from now on
   * (no live version holds it any more). Listeners run on the releasing thread (a compaction, or a
   * reader dropping the last pin of an old version) outside the engine's locks; they must be quick
   * and must not call into the store; what they throw is swallowed.
   *
   * @throws IllegalArgumentException if listener is null
   */
  public void onFileReleased(Consumer<Path> listener) {
    impl.listeners().onFileReleased(listener);
  }

  /**
   * Runs {@code listener} once the store has closed (after it released its files and file system),
   * or at once if it has closed already; the same rules as {@link #onFileReleased}.
   *
   * @throws IllegalArgumentException if listener is null
   */
  public void onClosed(Runnable listener) {
    impl.listeners().onClosed(listener);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreEngine e && e.impl == impl;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(impl);
  }

  @Override
  public String toString() {
    return "StoreEngine[" + impl.options().dirUri() + "]";
  }
}
