package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.TornFileException;
import io.sediment.fs.VersionedPublisher;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.PinnedVersion;
import io.sediment.lsm.spi.StoreEngine;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * #collectGarbage}, and only when no retained checkpoint references it, no store that was
 * checkpointed here lists it in its newest manifest (whether that store is open, in this process or
 * another, or closed), no store open in this process holds it (for as long as its current or a
 * pinned version lists the file), and no checkpoint referencing it is leased by a restored store in
 * any process ({@link CheckpointLease}). A discarded checkpoint with a lease is <em>held</em>: it
 * is no longer retained or restorable, but its files stay until its last lease ends. A file still
 * needed is kept as pending and deleted by a later discard or collection. The registry is published
 * <em>before</em> anything is deleted, so a crash at any point leaves at worst garbage (metadata of
 * a checkpoint that never became retained, or files pending deletion), which {@link
 * #collectGarbage} removes; never a missing file of a retained checkpoint or of a store.
 *
 * <p><b>Stores.</b> {@link #checkpoint} records the store's directory in the registry. Before it
 * deletes anything, a discard or collection reads the newest manifest of every recorded store, so a
 * store keeps the files it lists however it is reopened ({@link Db#open} or {@link Restore#reopen})
 * and while it is closed. A recorded directory that no longer holds a store (it was deleted) loses
 * its record: deleting a store's directory is how it is abandoned. A directory is a store's
 * identity; do not move a store whose files were checkpointed (copy it, or restore it from a
 * checkpoint instead). A recorded store that cannot be read fails the deletion, which keeps every
 * pending file for a later try.
 *
 * <p><b>A whole job.</b> One storage serves every store of a keyed job at every parallelism: each
 * instance checkpoints under its own ids, and stores rescaled from those checkpoints ({@link
 * Restore#open(List, io.sediment.keygroups.KeyGroupRange, DbOptions)}) checkpoint into it again;
 * their checkpoints list the old files by clipped references. Discarding the checkpoints of retired
 * instances and collecting garbage then keeps every file a rescaled store lists: by its leases, and
 * once it has been checkpointed here, by its recorded directory.
 *
 * <p><b>Across processes.</b> A store restored from a checkpoint of this storage (a handle whose
 * {@link CheckpointHandle#storageUri()} names it) takes a lease under the root before it reads a
 * file and gives it back when it closes, so it is protected in any process. A lease whose holder
 * crashed stays until {@link #expireLeases}. Not protected: a pinned old version (an iterator or
 * snapshot) of a store open in another process, once the store's current version no longer lists
 * the file; and the checkpoints of another storage that reference this storage's files (checkpoint
 * a restored store into the storage it was restored from). One storage instance per root at a time:
 * a second writer is detected when its registry publish loses, and fails with an {@link
 * IOException}. Restoring processes only add lease files and read the registry; they never write
 * it.
 *
 * <p>Thread-safe: operations on one storage are serialized. Errors: {@link
 * IllegalArgumentException} naming the value for a negative, taken or unknown checkpoint id; {@link
 * CorruptionException} naming file and offset for damaged metadata; {@link IOException} naming the
 * file or URI for I/O failures.
 *
 * <p>To look at a root without changing it (what it retains, what each checkpoint lists), also
 * while a storage uses it, open a {@link CheckpointInspector} instead.
 */
public final class CheckpointStorage implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

  /** Torn registry versions a publish skips before it gives up. */
  private static final int MAX_TORN_VERSIONS = 100;

  private final FileSystemView view;
  private final Configuration conf;
  private final Clock clock;
  private final String storageUri;
  private final VersionedPublisher registryFiles;
  private final Map<Long, CheckpointHandle> loaded = new HashMap<>();
  private SharedFileRegistry registry;
  private long registryVersion;
  private boolean closed;

  private CheckpointStorage(
      FileSystemView view,
      Configuration conf,
      Clock clock,
      String storageUri,
      VersionedPublisher registryFiles,
      SharedFileRegistry registry,
      long registryVersion) {
    this.view = view;
    this.conf = conf;
    this.clock = clock;
    this.storageUri = storageUri;
    this.registryFiles = registryFiles;
    this.registry = registry;
    this.registryVersion = registryVersion;
  }

  /** {@link #open(String, Configuration, Clock)} with the system clock (UTC). */
  public static CheckpointStorage open(String rootUri, Configuration conf) throws IOException {
    return open(rootUri, conf, Clock.systemUTC());
  }

  /**
   * Opens the checkpoint storage rooted at {@code rootUri}, creating the directory if needed, and
   * reads the newest complete registry. {@code rootUri} is any Hadoop file-system URI, or a plain
   * local path without a scheme ({@code /data/checkpoints}, or relative to the working directory).
   *
   * @param conf reaches the root, the checkpointed files and the directories of the stores
   *     checkpointed here (a deletion reads their manifests); used as given, so do not change it
   *     while the storage is open
   * @param clock tells lease ages for {@link #expireLeases}
   * @throws IllegalArgumentException if an argument is null, or rootUri is not a valid URI
   * @throws CorruptionException naming the file if the newest registry is damaged
   * @throws IOException naming the URI if the file system cannot be reached
   */
  public static CheckpointStorage open(String rootUri, Configuration conf, Clock clock)
      throws IOException {
    if (rootUri == null || conf == null || clock == null) {
      throw new IllegalArgumentException("rootUri, conf and clock must not be null");
    }
    FileSystemView view = FileSystemView.open(rootUri, conf);
    try {
      view.mkdirs(view.root());
      VersionedPublisher publisher = RootLayout.registryFiles(view);
      Optional<VersionedPublisher.Published> latest = RootLayout.latestRegistry(publisher);
      SharedFileRegistry registry = SharedFileRegistry.EMPTY;
      long version = 0;
      if (latest.isPresent()) {
        version = latest.get().version();
        registry =
            SharedFileRegistry.decode(latest.get().content(), publisher.pathOf(version).toString());
      }
      return new CheckpointStorage(
          view, conf, clock, wrapperPrefix(rootUri) + view.root(), publisher, registry, version);
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e;
    }
  }

  /**
   * The wrapper layers of {@code uri}'s scheme ({@code "latency+"} of {@code latency+file:///x}),
   * which a view's qualified root drops: a restore must reach the storage the same way.
   */
  private static String wrapperPrefix(String uri) {
    String scheme = FileSystemView.toUri(uri).getScheme();
    return WrapperSchemes.isWrapperScheme(scheme)
        ? scheme.substring(0, scheme.lastIndexOf('+') + 1)
        : "";
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
    if (registry.knows(checkpointId)) {
      throw new IllegalArgumentException("checkpoint " + checkpointId + " already exists");
    }
    long start = clock.millis();
    StoreEngine impl = StoreEngine.of(db);
    LiveStores.track(db);
    impl.flush();
    // Read before pinning: every write the pinned files can hold was visible by then or is in a
    // file. The files alone may under-report it, since compaction at the bottommost level zeroes
    // sequence numbers every snapshot sees.
    long visible = impl.visibleSequence();
    try (PinnedVersion pinned = impl.pinCurrentVersion()) {
      List<StoreFile> files = pinned.files();
      impl.markShared(files);
      FileSystem fs = impl.fileSystem().hadoopFileSystem();
      List<StoreFile> referenced = new ArrayList<>(files.size());
      long sequence = visible;
      for (StoreFile f : files) {
        String path = fs.makeQualified(impl.physicalPath(f)).toString();
        referenced.add(f.withPhysicalPath(path).withOwnership(FileOwnership.NOT_OWNED));
        sequence = Math.max(sequence, f.largestSequence());
      }
      DbOptions options = impl.options();
      byte[] codes = new byte[StoreFile.NUM_LEVELS];
      for (int level = 0; level < codes.length; level++) {
        codes[level] = (byte) options.compression(level).code();
      }
      String merge = options.mergeFunction() == null ? null : options.mergeFunction().name();
      CheckpointHandle handle =
          new CheckpointHandle(
              checkpointId,
              sequence,
              storageUri,
              merge,
              codes,
              referenced,
              options.keyGroups(),
              options.maxParallelism());
      Path metadata = metadataPath(checkpointId);
      try {
        view.writeAll(metadata, handle.toBytes());
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpointId + " already exists at " + metadata, e);
      }
      // The store is recorded in the same publish: from then on a deletion reads its newest
      // manifest, so the files it lists stay however it is reopened, and while it is closed.
      publish(
          registry
              .withCheckpoint(checkpointId, handle.physicalPaths())
              .withStore(storeUri(options.dirUri(), impl.fileSystem())));
      loaded.put(checkpointId, handle);
      LOG.info(
          "checkpoint {} of {} in {}: {} files, {} bytes referenced, {} ms",
          checkpointId,
          options.dirUri(),
          storageUri,
          handle.fileCount(),
          handle.stateSizeBytes(),
          Math.max(0, clock.millis() - start));
      return handle;
    }
  }

  /**
   * The URI a deletion reaches a store's directory by: its qualified root, with the wrapper schemes
   * it was opened with.
   */
  private static String storeUri(String dirUri, FileSystemView storeView) {
    return wrapperPrefix(dirUri) + storeView.root();
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
      h = RootLayout.readMetadata(view, checkpointId);
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
   * checkpoint references and no store needs: none that a store open in this process holds, and
   * none of a checkpoint that a restored store, in any process, still has a lease on ({@link
   * CheckpointLease}). Files still needed stay and go with a later discard or {@link
   * #collectGarbage} once released; so does the metadata of a leased checkpoint. Never lists a
   * directory: the leases of a checkpoint are found by existence probes.
   *
   * @throws IllegalArgumentException if the checkpoint is not retained
   * @throws CorruptionException if its metadata or a lease file is damaged (nothing is deleted)
   * @throws IOException if the registry could not be published (nothing is deleted) or a deletion
   *     failed (the file stays pending)
   */
  public synchronized void discard(long checkpointId) throws IOException {
    checkOpen();
    load(checkpointId);
    // Published before the leases are read: a restore that leases the checkpoint from now on sees
    // that it is gone, and one that leased it before is seen below.
    publish(registry.withHeld(checkpointId));
    List<Long> released = releaseUnleased();
    deletePending();
    deleteMetadata(released);
  }

  /**
   * Drops the held checkpoints that have no lease left: their files lose a reference each (and may
   * become pending). Returns their ids; their metadata goes once their files are dealt with.
   */
  private List<Long> releaseUnleased() throws IOException {
    List<Long> released = new ArrayList<>();
    SharedFileRegistry next = registry;
    for (long held : registry.held()) {
      if (endAbandonedLeases(held).isEmpty()) {
        next = next.withoutCheckpoint(held, loadMetadata(held).physicalPaths());
        released.add(held);
      }
    }
    if (!released.isEmpty()) {
      publish(next);
    }
    return released;
  }

  /**
   * The active leases on checkpoint {@code id}, after ending those whose holder directory holds no
   * store any more (it was destroyed or deleted). Safe against a restore under way: a restore
   * writes its store's first manifest before it takes its lease.
   */
  private List<CheckpointLease> endAbandonedLeases(long id) throws IOException {
    LeaseLog log = new LeaseLog(view, id);
    List<CheckpointLease> active = new ArrayList<>(log.read().leases());
    List<CheckpointLease> abandoned = new ArrayList<>();
    for (CheckpointLease lease : active) {
      if (!RecordedStores.exists(lease.holder(), conf)) {
        abandoned.add(lease);
      }
    }
    if (!abandoned.isEmpty()) {
      log.removeIf(abandoned::contains);
      active.removeAll(abandoned);
    }
    return active;
  }

  private void deleteMetadata(List<Long> ids) throws IOException {
    for (long id : ids) {
      loaded.remove(id);
      view.delete(metadataPath(id));
    }
  }

  /**
   * The active leases on this storage's checkpoints (retained, held, or discarded and not yet
   * collected), by checkpoint id. Lists the root: for operators and tools, not a commit path.
   *
   * @throws CorruptionException naming the file if a lease file is damaged
   * @throws IOException naming the file that could not be read
   */
  public synchronized List<CheckpointLease> leases() throws IOException {
    checkOpen();
    return LeaseLog.activeLeases(view);
  }

  /**
   * Removes every lease taken more than {@code olderThan} before now (by this storage's clock): the
   * way to end leases whose holder crashed. A live store whose lease is removed is no longer
   * protected, so choose an age no live store reaches (or that only stores known to be gone have).
   * The files of held checkpoints left without a lease go with the next discard or {@link
   * #collectGarbage}. Lists the root.
   *
   * @return number of leases removed
   * @throws IllegalArgumentException if olderThan is null or negative
   * @throws IOException naming the file that could not be read or written
   */
  public synchronized int expireLeases(Duration olderThan) throws IOException {
    checkOpen();
    if (olderThan == null || olderThan.isNegative()) {
      throw new IllegalArgumentException("lease age must be >= 0: " + olderThan);
    }
    Instant cutoff = clock.instant().minus(olderThan);
    int removed = 0;
    for (long id : LeaseLog.listed(view).keySet()) {
      removed += new LeaseLog(view, id).removeIf(l -> l.acquired().isBefore(cutoff));
    }
    return removed;
  }

  /**
   * Removes what crashes or held files left behind: metadata of checkpoints that never became
   * retained (or whose discard did not finish) together with their files that nothing needs,
   * pending files no open store holds any more, held checkpoints whose leases all ended, and the
   * lease files of checkpoints that are gone. Lists the root (this is cleanup, not a commit path).
   *
   * @return number of files deleted
   * @throws IOException naming the file that could not be read or deleted
   */
  public synchronized int collectGarbage() throws IOException {
    checkOpen();
    List<Long> orphans = new ArrayList<>();
    List<String> orphanFiles = new ArrayList<>();
    for (FileStatus s : view.list(view.root())) {
      OptionalLong metadataId = RootLayout.metadataId(s.getPath().getName());
      if (metadataId.isPresent()) {
        long id = metadataId.getAsLong();
        if (!registry.knows(id)) {
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
    List<Long> released = releaseUnleased();
    if (!orphanFiles.isEmpty()) {
      publish(registry.withPending(orphanFiles));
    }
    int deleted = deletePending();
    for (long id : orphans) {
      if (view.delete(metadataPath(id))) {
        deleted++;
      }
    }
    deleteMetadata(released);
    deleted += released.size();
    // Leases of checkpoints that are gone: no restore of them can start any more.
    for (Map.Entry<Long, Long> e : LeaseLog.listed(view).entrySet()) {
      if (!registry.knows(e.getKey())) {
        new LeaseLog(view, e.getKey()).deleteUpTo(e.getValue());
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
    if (registry.pending().isEmpty()) {
      return 0;
    }
    // Read before the in-process check: the stores' manifests can only shrink what they list.
    RecordedStores.Listing recorded = RecordedStores.read(registry.stores(), conf);
    if (!recorded.abandoned().isEmpty()) {
      publish(registry.withoutStores(recorded.abandoned()));
    }
    List<String> gone = new ArrayList<>();
    IOException failure =
        LiveStores.whileHeld(
            () -> {
              Set<String> held = LiveStores.protectedFiles();
              for (String p : new TreeSet<>(registry.pending())) {
                if (held.contains(p) || recorded.files().contains(p) || registry.refCount(p) > 0) {
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

  /** Directories of the stores whose manifests a deletion consults. */
  synchronized Set<String> recordedStores() {
    return registry.stores();
  }

  /** Every file some retained or held checkpoint references. */
  synchronized Set<String> referencedFiles() {
    return registry.referencedFiles();
  }

  /** Discarded checkpoints whose files are kept for a lease. */
  synchronized Set<Long> heldCheckpoints() {
    return registry.held();
  }

  private void publish(SharedFileRegistry next) throws IOException {
    byte[] content = next.encode();
    for (long version = registryVersion + 1; ; version++) {
      if (registryFiles.publish(version, content)) {
        registryVersion = version;
        registry = next;
        return;
      }
      // The name is taken. A torn file (a writer, maybe this process before a crash, died after
      // creating it) was never in force: publish past it. A complete one is another writer's.
      if (!isTorn(version) || version - registryVersion >= MAX_TORN_VERSIONS) {
        throw new IOException(
            registryFiles.pathOf(version)
                + " was published by another writer: one checkpoint storage per root at a time");
      }
    }
  }

  private boolean isTorn(long version) throws IOException {
    try {
      registryFiles.read(version);
      return false;
    } catch (TornFileException e) {
      return true;
    }
  }

  private Path metadataPath(long checkpointId) {
    return RootLayout.metadataPath(view, checkpointId);
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

  /**
   * The root as a URI to reach this storage by, with the wrapper schemes it was opened with; what
   * {@link CheckpointHandle#storageUri()} of its checkpoints says.
   */
  public String uri() {
    return storageUri;
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
