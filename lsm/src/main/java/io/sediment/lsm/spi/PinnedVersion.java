package io.sediment.lsm.spi;

import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files of one version of a store, pinned: none of them is deleted before {@link #close()},
 * whatever compactions do meanwhile. Obtained from {@link StoreEngine#pinCurrentVersion()}.
 *
 * <p>Immutable apart from closing; close it promptly, since it keeps obsolete files on disk.
 * Closing is idempotent and thread-safe; the file lists stay readable after it.
 */
public final class PinnedVersion implements AutoCloseable {

  private final Version version;
  private final List<List<StoreFile>> levels;
  private boolean closed;

  PinnedVersion(Version version) {
    this.version = version;
    List<List<StoreFile>> byLevel = new ArrayList<>(StoreFile.NUM_LEVELS);
    for (int level = 0; level < StoreFile.NUM_LEVELS; level++) {
      List<StoreFile> files = new ArrayList<>();
      for (FileMetadata f : version.files(level)) {
        files.add(f.toStoreFile());
      }
      byLevel.add(Collections.unmodifiableList(files));
    }
    this.levels = Collections.unmodifiableList(byLevel);
  }

  /**
   * The files of {@code level}: newest first at level 0, by key at deeper levels.
   *
   * @throws IllegalArgumentException naming the level if it is out of range
   */
  public List<StoreFile> files(int level) {
    if (level < 0 || level >= StoreFile.NUM_LEVELS) {
      throw new IllegalArgumentException("level out of range: " + level);
    }
    return levels.get(level);
  }

  /** Every file, level by level. */
  public List<StoreFile> files() {
    List<StoreFile> all = new ArrayList<>();
    for (List<StoreFile> level : levels) {
      all.addAll(level);
    }
    return Collections.unmodifiableList(all);
  }

  /** Releases the pin. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    version.unref();
  }
}
