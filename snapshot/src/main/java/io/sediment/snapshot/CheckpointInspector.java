package io.sediment.snapshot;

import io.sediment.fs.DamagedFileException;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.TornFileException;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.CorruptionException;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Read-only inspection of checkpoint metadata and of checkpoint roots, for tools and operators:
 * what a checkpoint lists ({@link CheckpointDescription}, file by file, as RocksDB's {@code
 * GetLiveFilesMetaData} does for a live store) and what a root's shared-file registry records
 * ({@link RegistryDescription}).
 *
 * <p>{@link #describe} decodes metadata bytes. {@link #open} reads a root that a {@link
 * CheckpointStorage}, in this process or another, may be using at the same time: it never creates,
 * publishes, leases or deletes a file (not even the root directory), so looking cannot change what
 * is retained. Unlike the storage it lists the root where asked ({@link #listCheckpointIds}, {@link
 * #listRegistryVersions}, {@link #leases}), which is fine for inspection, never for a commit.
 *
 * <p>Everything is decoded by the code the storage and {@link Restore} use, so the formats have one
 * reader. Errors: damaged bytes are a {@link CorruptionException} naming the file and offset of the
 * failed check; I/O failures an {@link IOException} naming the file or URI. Thread-safe.
 */
public final class CheckpointInspector implements Closeable {

  private final FileSystemView view;
  private final VersionedPublisher registryFiles;

  private CheckpointInspector(FileSystemView view) {
    this.view = view;
    this.registryFiles = RootLayout.registryFiles(view);
  }

  /**
   * Decodes checkpoint metadata: the content of a {@code chk-<id>} file, or {@link
   * CheckpointHandle#toBytes()}.
   *
   * @param source where the bytes come from (a path, or a label), named by errors and kept in the
   *     description
   * @throws IllegalArgumentException if an argument is null
   * @throws CorruptionException naming {@code source} and the offset of the failed check if the
   *     bytes are damaged, truncated or not checkpoint metadata
   */
  public static CheckpointDescription describe(byte[] metadata, String source)
      throws CorruptionException {
    if (metadata == null || source == null) {
      throw new IllegalArgumentException("metadata and source must not be null");
    }
    CheckpointHandle h = CheckpointCodec.decode(metadata, source);
    return CheckpointDescription.of(
        h, source, CheckpointCodec.formatVersion(metadata), metadata.length);
  }

  /**
   * Opens the checkpoint root {@code rootUri} for reading. Creates nothing: the directory must
   * exist. It need not be a checkpoint root; {@link #listCheckpointIds} and {@link
   * #listRegistryVersions} tell (both empty: it holds no checkpoint metadata and no registry).
   *
   * @param rootUri the root as a {@link CheckpointStorage} was opened on, e.g. {@code
   *     hdfs://nn:8020/checkpoints/op-7}
   * @throws IllegalArgumentException if an argument is null, or rootUri is not a valid URI
   * @throws FileNotFoundException naming the URI if it does not exist
   * @throws IOException naming the URI if it is a file, or its file system cannot be reached
   */
  public static CheckpointInspector open(String rootUri, Configuration conf) throws IOException {
    if (rootUri == null || conf == null) {
      throw new IllegalArgumentException("rootUri and conf must not be null");
    }
    return new CheckpointInspector(FileSystemView.openExisting(rootUri, conf));
  }

  /** The qualified root directory. */
  public Path root() {
    return view.root();
  }

  /**
   * Ids of the checkpoint metadata files ({@code chk-<id>}) the root lists, ascending: retained,
   * held, and orphans (left by a crash, or by a discard not finished yet). Lists the root.
   *
   * @throws IOException naming the root if it cannot be listed
   */
  public List<Long> listCheckpointIds() throws IOException {
    List<Long> ids = new ArrayList<>();
    for (FileStatus s : view.list(view.root())) {
      OptionalLong id = RootLayout.metadataId(s.getPath().getName());
      if (id.isPresent() && s.isFile()) {
        ids.add(id.getAsLong());
      }
    }
    ids.sort(null);
    return ids;
  }

  /**
   * Registry versions the root lists, ascending, complete or not (a crash during a publish leaves a
   * torn newest one). Lists the root.
   *
   * @throws IOException naming the root if it cannot be listed
   */
  public List<Long> listRegistryVersions() throws IOException {
    return registryFiles.listVersions();
  }

  /** Where the metadata of checkpoint {@code checkpointId} is, or would be. */
  public Path metadataPath(long checkpointId) {
    checkId(checkpointId);
    return RootLayout.metadataPath(view, checkpointId);
  }

  /** Where registry version {@code version} is, or would be. */
  public Path registryPath(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("registry versions start at 1: " + version);
    }
    return registryFiles.pathOf(version);
  }

  /**
   * The registry in force: the newest complete version, found as {@link CheckpointStorage} finds it
   * (a torn newer version, left by a crash during a publish, is skipped). Version 0, with nothing
   * retained, if there is none.
   *
   * @throws CorruptionException naming the file and offset if the newest version that is not torn
   *     is damaged (the storage refuses to open then, too)
   * @throws IOException naming the file on an I/O failure
   */
  public RegistryDescription registry() throws IOException {
    Optional<VersionedPublisher.Published> latest = RootLayout.latestRegistry(registryFiles);
    if (latest.isEmpty()) {
      return RegistryDescription.NONE;
    }
    return decodeRegistry(latest.get().version(), latest.get().content());
  }

  /**
   * Registry version {@code version} exactly, whether or not it is the one in force.
   *
   * @throws IllegalArgumentException if version is below 1
   * @throws FileNotFoundException naming the file if that version does not exist
   * @throws CorruptionException naming the file and offset if it is torn (incomplete) or damaged
   * @throws IOException naming the file on an I/O failure
   */
  public RegistryDescription registry(long version) throws IOException {
    Path path = registryPath(version);
    Optional<byte[]> content;
    try {
      content = registryFiles.read(version);
    } catch (TornFileException e) {
      throw RootLayout.registryCorruption(
          e, path, e.offset(), "incomplete checkpoint registry (a torn publish)");
    } catch (DamagedFileException e) {
      throw RootLayout.registryCorruption(e, path, e.offset(), "damaged checkpoint registry");
    }
    if (content.isEmpty()) {
      throw new FileNotFoundException(path + " does not exist");
    }
    return decodeRegistry(version, content.get());
  }

  private RegistryDescription decodeRegistry(long version, byte[] content)
      throws CorruptionException {
    SharedFileRegistry r =
        SharedFileRegistry.decode(content, registryFiles.pathOf(version).toString());
    return RegistryDescription.of(version, SharedFileRegistry.formatVersion(content), r);
  }

  /**
   * The metadata of checkpoint {@code checkpointId}, whether the registry retains it, holds it, or
   * neither (orphan metadata).
   *
   * @throws IllegalArgumentException if the id is negative
   * @throws FileNotFoundException naming the file if there is no metadata for that id
   * @throws CorruptionException naming the file and offset if it is damaged or holds another id
   * @throws IOException naming the file if it cannot be read
   */
  public CheckpointDescription checkpoint(long checkpointId) throws IOException {
    checkId(checkpointId);
    Path path = RootLayout.metadataPath(view, checkpointId);
    byte[] bytes = view.readAll(path);
    CheckpointHandle h = RootLayout.decodeMetadata(bytes, path, checkpointId);
    return CheckpointDescription.of(
        h, path.toString(), CheckpointCodec.formatVersion(bytes), bytes.length);
  }

  /**
   * The active leases restored stores hold on the root's checkpoints, by checkpoint id, then in the
   * order they were taken (as {@link CheckpointStorage#leases()}). Lists the root.
   *
   * @throws CorruptionException naming the file and offset if a lease file is damaged
   * @throws IOException naming the file that could not be read
   */
  public List<CheckpointLease> leases() throws IOException {
    return LeaseLog.activeLeases(view);
  }

  private static void checkId(long checkpointId) {
    if (checkpointId < 0) {
      throw new IllegalArgumentException("checkpoint id must not be negative: " + checkpointId);
    }
  }

  @Override
  public void close() throws IOException {
    view.close();
  }

  @Override
  public String toString() {
    return "CheckpointInspector[" + view.root() + "]";
  }
}
