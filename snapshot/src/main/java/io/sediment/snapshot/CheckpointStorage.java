package io.sediment.snapshot;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.internal.db.DbImpl;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Zero-copy checkpoints of stores under one root directory, and the shared-file registry that
 * decides when a checkpointed file may be deleted.
 *
 * <p><b>Checkpoint.</b> {@link #checkpoint} flushes the store, pins its current version, hands the
 * version's files to this storage (they become {@code SHARED}: the store never deletes them again,
 * also after reopening) and writes the checkpoint's metadata ({@code docs/format/checkpoint.md}) as
 * the write-once file {@code <root>/chk-<id as 20 digits>}, by create-if-absent. Then it publishes
 * the next version of the registry ({@code <root>/registry-<version>}, through {@link
 * VersionedPublisher}), which is what makes the checkpoint retained. No SST byte is copied, nothing
 * is renamed, nothing is listed on this path.
 *
 * <p><b>Delete rule.</b> A checkpointed file is deleted only by {@link #discard} or {@link
 * #collectGarbage}, and only when no retained checkpoint references it and no store open in this
 * process holds it (a store this storage checkpointed, or one {@link Restore} opened, for as long
 * as its current or a pinned version lists the file). A file still held is kept as pending and
 * deleted by a later discard or collection once released. The registry is published <em>before</em>
 * anything is deleted, so a crash at any point leaves at worst garbage (metadata of a checkpoint
 * that never became retained, or files pending deletion), which {@link #collectGarbage} removes;
 * never a missing file of a retained checkpoint.
 *
 * <p><b>Across processes.</b> Open stores are known per process. A store opened in another process,
 * or reopened from its own directory without being checkpointed since, is not protected: recover
 * stores from retained checkpoints (as stream processors do), or checkpoint a reopened store before
 * discarding older checkpoints. One storage instance per root at a time: a second writer is
 * detected when its registry publish loses, and fails with an {@link IOException}.
 *
 * <p>Thread-safe: operations on one storage are serialized. Errors: {@link
 * IllegalArgumentException} naming the value for a negative, taken or unknown checkpoint id; {@link
 * CorruptionException} naming file and offset for damaged metadata; {@link IOException} naming the
 * file or URI for I/O failures.
 */
public final class CheckpointStorage implements Closeable {

  private static final String REGISTRY = "registry";
  private static final String CHECKPOINT_PREFIX = "chk-";
  private static final Pattern CHECKPOINT_NAME = Pattern.compile("chk-(\\d{20})");

  private final FileSystemView view;
  private final Configuration conf;
  private final VersionedPublisher registryFiles;
  private final Map<Long, CheckpointHandle> loaded = new HashMap<>();
  private SharedFileRegistry registry;

  /** Version of {@link #registry}: the newest complete one. */
  private long registryVersion;

  /** Highest registry version whose name is taken, complete or torn; the next publish is above. */
  private long takenVersion;

  private boolean closed;

  private CheckpointStorage(
      FileSystemView view,
      Configuration conf,
      VersionedPublisher registryFiles,
      SharedFileRegistry registry,
      long registryVersion,
      long takenVersion) {
    this.view = view;
    this.conf = conf;
    this.registryFiles = registryFiles;
    this.registry = registry;
    this.registryVersion = registryVersion;
    this.takenVersion = takenVersion;
  }

  /**
   * Opens the checkpoint storage rooted at {@code rootUri}, creating the directory if needed, and
   * reads the newest complete registry.
   *
   * @throws IllegalArgumentException if rootUri or conf is null, or rootUri is not a valid URI
   * @throws CorruptionException naming the file if the newest registry is damaged
   * @throws IOException naming the URI if the file system cannot be reached
   */
  public static CheckpointStorage open(String rootUri, Configuration conf) throws IOException {
    if (rootUri == null || conf == null) {
      throw new IllegalArgumentException("rootUri and conf must not be null");
    }
    FileSystemView view = FileSystemView.open(rootUri, conf);
    try {
      view.mkdirs(view.root());
      VersionedPublisher publisher = new VersionedPublisher(view, view.root(), REGISTRY);
      Optional<VersionedPublisher.Published> latest = publisher.latest();
      SharedFileRegistry registry = SharedFileRegistry.EMPTY;
      long version = 0;
      if (latest.isPresent()) {
        version = latest.get().version();
        registry =
            SharedFileRegistry.decode(latest.get().content(), publisher.pathOf(version).toString());
      }
      // A process that died while publishing left the versions above the newest complete one torn
      // (latest() skips them). Their names can never be written again, so the next publish goes
      // past them, while the newest complete version stays the registry in force (and the one
      // collectGarbage keeps).
      long taken = version;
      while (view.exists(publisher.pathOf(taken + 1))) {
        taken++;
      }
      return new CheckpointStorage(
          view, new Configuration(conf), publisher, registry, version, taken);
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e;
    }
  }

  /**
   * Takes checkpoint {@code checkpointId} of {@code db}: flushes it, and records the files of its
   * current version by reference. Concurrent writes and compactions may go on; the checkpoint holds
   * every write that returned before this call started.
   *
   * @throws IllegalArgumentException if the id is negative or a checkpoint with it exists
   * @throws IllegalStateException if db or this storage is closed
   * @throws IOException if the flush, the metadata or the registry could not be written
   */
  public synchronized CheckpointHandle checkpoint(Db db, long checkpointId) throws IOException {
    checkOpen();
    if (db == null) {
      throw new IllegalArgumentException("db must not be null");
    }
    if (checkpointId < 0) {
      throw new IllegalArgumentException("checkpoint id must not be negative: " + checkpointId);
    }
    if (registry.retained().contains(checkpointId)) {
      throw new IllegalArgumentException("checkpoint " + checkpointId + " already exists");
    }
    DbImpl impl = db.internal();
    LiveStores.track(impl);
    impl.flush();
    Version pinned = impl.pinCurrentVersion();
    try {
      List<FileMetadata> files = pinned.allFiles();
      impl.markShared(files);
      FileSystem fs = impl.fileSystem().hadoopFileSystem();
      List<FileMetadata> referenced = new ArrayList<>(files.size());
      long sequence = 0;
      for (FileMetadata f : files) {
        String path = fs.makeQualified(impl.physicalPath(f)).toString();
        referenced.add(byPath(f, path));
        sequence = Math.max(sequence, f.largestSequence());
      }
      DbOptions options = impl.options();
      byte[] codes = new byte[Version.NUM_LEVELS];
      for (int level = 0; level < codes.length; level++) {
        codes[level] = (byte) options.compression(level).code();
      }
      String merge = options.mergeFunction() == null ? null : options.mergeFunction().name();
      CheckpointHandle handle =
          new CheckpointHandle(checkpointId, sequence, merge, codes, referenced);
      Path metadata = metadataPath(checkpointId);
      try {
        view.writeAll(metadata, handle.toBytes());
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpointId + " already exists at " + metadata, e);
      }
      publish(registry.withCheckpoint(checkpointId, handle.physicalPaths()));
      loaded.put(checkpointId, handle);
      return handle;
    } finally {
      pinned.unref();
    }
  }

  private static FileMetadata byPath(FileMetadata f, String path) {
    return new FileMetadata(
        f.fileNumber(),
        f.level(),
        f.smallest(),
        f.largest(),
        f.fileSize(),
        f.entryCount(),
        f.deletionCount(),
        f.rangeDeletionCount(),
        f.smallestSequence(),
        f.largestSequence(),
        f.logicalName(),
        path);
  }

  /**
   * The retained checkpoint {@code checkpointId}, read from its metadata file (once per storage).
   *
   * @throws IllegalArgumentException if no such checkpoint is retained
   * @throws CorruptionException naming the metadata file and offset if it is damaged
   * @throws IOException naming the file if it cannot be read
   */
  public synchronized CheckpointHandle load(long checkpointId) throws IOException {
    checkOpen();
    if (!registry.retained().contains(checkpointId)) {
      throw new IllegalArgumentException(
          "checkpoint " + checkpointId + " is not retained in " + view.root());
    }
    return loadMetadata(checkpointId);
  }

  private CheckpointHandle loadMetadata(long checkpointId) throws IOException {
    CheckpointHandle h = loaded.get(checkpointId);
    if (h == null) {
      Path path = metadataPath(checkpointId);
      h = CheckpointCodec.decode(view.readAll(path), path.toString());
      if (h.id() != checkpointId) {
        throw new CorruptionException(
            path.toString(), CheckpointCodec.HEADER_BYTES, "holds checkpoint " + h.id());
      }
      loaded.put(checkpointId, h);
    }
    return h;
  }

  /** Retained checkpoint ids, ascending. */
  public synchronized List<Long> checkpoints() {
    checkOpen();
    return List.copyOf(registry.retained());
  }

  /**
   * Stops retaining checkpoint {@code checkpointId} and deletes exactly the files no other retained
   * checkpoint references and no open store holds (files still held stay pending and go with a
   * later discard or {@link #collectGarbage}), then the checkpoint's metadata.
   *
   * @throws IllegalArgumentException if the checkpoint is not retained
   * @throws CorruptionException if its metadata is damaged (nothing is deleted)
   * @throws IOException if the registry could not be published (nothing is deleted) or a deletion
   *     failed (the file stays pending)
   */
  public synchronized void discard(long checkpointId) throws IOException {
    checkOpen();
    CheckpointHandle h = load(checkpointId);
    publish(registry.withoutCheckpoint(checkpointId, h.physicalPaths()));
    loaded.remove(checkpointId);
    deletePending();
    view.delete(metadataPath(checkpointId));
  }

  /**
   * Removes what crashes or held files left behind: metadata of checkpoints that never became
   * retained (or whose discard did not finish) together with their files that nothing needs, and
   * pending files no open store holds any more. Lists the root (this is cleanup, not a commit
   * path).
   *
   * @return number of files deleted
   * @throws IOException naming the file that could not be read or deleted
   */
  public synchronized int collectGarbage() throws IOException {
    checkOpen();
    List<Long> orphans = new ArrayList<>();
    List<String> orphanFiles = new ArrayList<>();
    for (FileStatus s : view.list(view.root())) {
      Matcher m = CHECKPOINT_NAME.matcher(s.getPath().getName());
      if (m.matches()) {
        long id = Long.parseLong(m.group(1));
        if (!registry.retained().contains(id)) {
          orphans.add(id);
          try {
            orphanFiles.addAll(
                CheckpointCodec.decode(view.readAll(s.getPath()), s.getPath().toString())
                    .physicalPaths());
          } catch (CorruptionException e) {
            // A metadata file torn by a crash lists nothing we can read; only it goes.
          }
        }
      }
    }
    if (!orphanFiles.isEmpty()) {
      publish(registry.withPending(orphanFiles));
    }
    int deleted = deletePending();
    for (long id : orphans) {
      if (view.delete(metadataPath(id))) {
        deleted++;
      }
    }
    registryFiles.deleteOlderThan(registryVersion);
    return deleted;
  }

  /**
   * Deletes the pending files no open store holds, then publishes the registry without them. Called
   * after the registry naming them pending was published.
   */
  private int deletePending() throws IOException {
    List<String> gone = new ArrayList<>();
    IOException failure =
        LiveStores.whileHeld(
            () -> {
              Set<String> held = LiveStores.protectedFiles();
              for (String p : new TreeSet<>(registry.pending())) {
                if (held.contains(p) || registry.refCount(p) > 0) {
                  continue;
                }
                Path path = new Path(p);
                try {
                  path.getFileSystem(conf).delete(path, false);
                  gone.add(p);
                } catch (FileNotFoundException e) {
                  gone.add(p);
                } catch (IOException e) {
                  return new IOException("cannot delete checkpointed file " + p + ": " + e, e);
                }
              }
              return null;
            });
    if (!gone.isEmpty()) {
      publish(registry.withoutPending(gone));
    }
    if (failure != null) {
      throw failure;
    }
    return gone.size();
  }

  /** Files pending deletion (no retained checkpoint references them; a store held them). */
  synchronized Set<String> pendingFiles() {
    return registry.pending();
  }

  /** Every file some retained checkpoint references. */
  synchronized Set<String> referencedFiles() {
    return registry.referencedFiles();
  }

  private void publish(SharedFileRegistry next) throws IOException {
    long version = takenVersion + 1;
    if (!registryFiles.publish(version, next.encode())) {
      throw new IOException(
          registryFiles.pathOf(version)
              + " was published by another writer: one checkpoint storage per root at a time");
    }
    registryVersion = version;
    takenVersion = version;
    registry = next;
  }

  private Path metadataPath(long checkpointId) {
    return view.resolve(CHECKPOINT_PREFIX + String.format("%020d", checkpointId));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("checkpoint storage " + view.root() + " is closed");
    }
  }

  /** The qualified root directory. */
  public Path root() {
    return view.root();
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    view.close();
  }

  @Override
  public String toString() {
    return "CheckpointStorage[" + view.root() + "]";
  }
}
