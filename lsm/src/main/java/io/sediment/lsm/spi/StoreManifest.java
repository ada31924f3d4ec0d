package io.sediment.lsm.spi;

import io.sediment.fs.FileSystemView;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Compression;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.manifest.FirstManifest;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The newest complete manifest of a store, read without opening the store: its files level by
 * level, merge-function name, compression of new files per level, sequence and file counters. For
 * inspection tools and for checkpoint storage reading the stores it knows about; {@link
 * #createInitial} writes the first manifest of a new store from a given file list (a restore).
 *
 * <p>Reading follows recovery: a torn newest manifest (a crash during a publish) is skipped, a
 * complete one that fails a check is a {@link io.sediment.lsm.CorruptionException}, never skipped.
 * Reading never creates, changes or deletes anything: a missing directory is an error naming it.
 * Reading a store that is open elsewhere sees some recent state; the files of it may be deleted by
 * that store at any time.
 *
 * <p>An immutable value.
 */
public final class StoreManifest {

  private final Path directory;
  private final ManifestContents contents;
  private final List<List<StoreFile>> levels;

  private StoreManifest(Path directory, ManifestContents contents) {
    this.directory = directory;
    this.contents = contents;
    Version version = contents.version();
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
   * Reads the newest complete manifest of the store in directory {@code dirUri}.
   *
   * @param conf Hadoop configuration; null means a default one
   * @return empty when the directory holds no complete manifest
   * @throws IllegalArgumentException if the URI is null, empty or malformed
   * @throws java.io.FileNotFoundException naming the URI if the directory does not exist
   * @throws io.sediment.lsm.CorruptionException naming the file and offset if the newest complete
   *     manifest is damaged
   * @throws IOException naming the URI or file if it cannot be read, or the URI names a file
   */
  public static Optional<StoreManifest> read(String dirUri, Configuration conf) throws IOException {
    try (FileSystemView view = FileSystemView.openExisting(dirUri, conf)) {
      return read(view);
    }
  }

  /**
   * Reads the newest complete manifest of the store in {@code view}'s root directory, as {@link
   * #read(String, Configuration)}; the view stays open.
   *
   * @throws IllegalArgumentException if view is null
   */
  public static Optional<StoreManifest> read(FileSystemView view) throws IOException {
    if (view == null) {
      throw new IllegalArgumentException("view must not be null");
    }
    return ManifestStore.recover(view).map(r -> new StoreManifest(view.root(), r.contents()));
  }

  /**
   * Writes the first manifest of a new store in {@code options.dirUri()}: the store holds exactly
   * {@code files} (at their levels, with their locations, ownership and clips) and every sequence
   * number up to {@code lastSequence}; it records the options' merge function, per-level
   * compression and key-group declaration ({@link DbOptions#keyGroups()}), so the store then opens
   * with the same options or with none declared. New files of the store are numbered after the
   * highest number among {@code files}. One physical file may be listed several times, under
   * different numbers and logical names (clipped references, see docs/rescale.md). {@link
   * io.sediment.lsm.Db#open} then opens it. Creates the directory if needed.
   *
   * @throws IllegalArgumentException if an argument is null, lastSequence is negative, a file holds
   *     a sequence number above it, two files share a number or a logical name, files of one level
   *     above 0 overlap, or the directory already holds a store
   * @throws IOException naming the URI if the directory cannot be created or the manifest written
   */
  public static void createInitial(DbOptions options, List<StoreFile> files, long lastSequence)
      throws IOException {
    if (options == null || files == null) {
      throw new IllegalArgumentException("options and files must not be null");
    }
    List<FileMetadata> internal = new ArrayList<>(files.size());
    for (StoreFile f : files) {
      if (f == null) {
        throw new IllegalArgumentException("file list holds null: " + files);
      }
      internal.add(FileMetadata.from(f));
    }
    FirstManifest.publish(options, internal, lastSequence);
  }

  /**
   * Takes back a store that {@link #createInitial} wrote and that was never opened since, by
   * deleting its one manifest: the directory then holds no store, and nothing else is touched (the
   * files the manifest listed stay where they are). For a restore that fails after writing the
   * first manifest, before the store opens. Does nothing if the directory holds no store.
   *
   * @throws IllegalArgumentException if options is null
   * @throws IOException naming the directory if the store has been opened since it was created (it
   *     has published more than its first manifest), or the manifest cannot be deleted
   */
  public static void withdrawInitial(DbOptions options) throws IOException {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    try (FileSystemView view =
        FileSystemView.openExisting(options.dirUri(), options.hadoopConfiguration())) {
      Optional<ManifestStore.Recovered> recovered = ManifestStore.recover(view);
      if (recovered.isEmpty()) {
        return;
      }
      if (recovered.get().newestNumberSeen() != 1) {
        throw new IOException(
            "the store in " + options.dirUri() + " was opened since it was created: not withdrawn");
      }
      view.delete(view.resolve(ManifestStore.fileName(1)));
    } catch (java.io.FileNotFoundException e) {
      // No directory: no store.
    }
  }

  /**
   * Checks that {@code files} can form the levels of one store: no two share a file number, and the
   * files of each level above 0 are disjoint by key range. What {@link #createInitial} and every
   * manifest require.
   *
   * @throws IllegalArgumentException naming the files that break a rule, or if files is null
   */
  public static void checkLevels(List<StoreFile> files) {
    if (files == null) {
      throw new IllegalArgumentException("files must not be null");
    }
    VersionEdit edit = new VersionEdit();
    for (StoreFile f : files) {
      edit.addFile(FileMetadata.from(f));
    }
    Version.empty().apply(edit);
  }

  /** The manifest's number: manifests are published as {@code MANIFEST-<20-digit number>}. */
  public long manifestNumber() {
    return contents.manifestNumber();
  }

  /** The manifest's file name in the store's directory. */
  public String fileName() {
    return ManifestStore.fileName(contents.manifestNumber());
  }

  /** Name of the store's merge function, or null when it has none. */
  public String mergeFunctionName() {
    return contents.mergeFunctionName();
  }

  /**
   * The compression of new files at {@code level}.
   *
   * @throws IllegalArgumentException naming the level if it is out of range
   */
  public Compression compression(int level) {
    checkLevel(level);
    return Compression.fromCode(contents.compressionCodes()[level]);
  }

  /** The key groups the store declares ({@code DbOptions.Builder#keyGroups}), or null if none. */
  public KeyGroupRange keyGroupRange() {
    return contents.keyGroups() == null ? null : contents.keyGroups().range();
  }

  /** The maxParallelism of the store's key-group declaration; 0 when it declares none. */
  public int maxParallelism() {
    return contents.keyGroups() == null ? 0 : contents.keyGroups().maxParallelism();
  }

  /** The highest sequence number the store had reflected when the manifest was published. */
  public long lastSequence() {
    return contents.lastSequence();
  }

  /** The next unused file number. */
  public long nextFileNumber() {
    return contents.nextFileNumber();
  }

  /** The oldest write-ahead log still needed, 0 when none. */
  public long logNumber() {
    return contents.logNumber();
  }

  /**
   * The files of {@code level}: newest first at level 0, by key at deeper levels.
   *
   * @throws IllegalArgumentException naming the level if it is out of range
   */
  public List<StoreFile> files(int level) {
    checkLevel(level);
    return levels.get(level);
  }

  /** Every live file, level by level. */
  public List<StoreFile> files() {
    List<StoreFile> all = new ArrayList<>();
    for (List<StoreFile> level : levels) {
      all.addAll(level);
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * Where {@code file} lives: in the store's directory under its logical name when {@link
   * StoreFile#inStoreDirectory()}, else at its recorded physical path (whoever owns it).
   *
   * @throws IllegalArgumentException if file is null
   */
  public Path physicalPath(StoreFile file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return file.inStoreDirectory()
        ? FileSystemView.resolve(directory, file.logicalName())
        : new Path(file.physicalPath());
  }

  private static void checkLevel(int level) {
    if (level < 0 || level >= StoreFile.NUM_LEVELS) {
      throw new IllegalArgumentException("level out of range: " + level);
    }
  }
}
