package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.CorruptionException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint root directory as the inspection commands see it, read-only: the checkpoint metadata
 * files ({@code chk-<id>}) and registry versions ({@code registry-<version>}) it lists, the
 * registry, and any checkpoint's metadata. Unlike {@code CheckpointStorage} it never creates,
 * publishes or deletes anything, and it lists the directory (an inspection may).
 */
final class CheckpointRoot {

  private static final Pattern METADATA_NAME = Pattern.compile("chk-(\\d{20})");
  private static final String MANIFEST_PREFIX = "MANIFEST-";

  private final FileSystemView view;
  private final URI uri;
  private final SortedMap<Long, Path> metadataFiles;
  private final VersionedPublisher registryFiles;
  private final List<Long> registryVersions;

  private CheckpointRoot(
      FileSystemView view,
      URI uri,
      SortedMap<Long, Path> metadataFiles,
      VersionedPublisher registryFiles,
      List<Long> registryVersions) {
    this.view = view;
    this.uri = uri;
    this.metadataFiles = Collections.unmodifiableSortedMap(metadataFiles);
    this.registryFiles = registryFiles;
    this.registryVersions = List.copyOf(registryVersions);
  }

  /**
   * The checkpoint root {@code view} is rooted at.
   *
   * @param uri the directory as the user named it, for messages
   * @throws IllegalArgumentException naming the URI if the directory holds neither checkpoint
   *     metadata nor a registry
   * @throws IOException naming the directory if it cannot be listed
   */
  static CheckpointRoot open(FileSystemView view, URI uri) throws IOException {
    Optional<CheckpointRoot> root = ifRoot(view, uri);
    if (root.isPresent()) {
      return root.get();
    }
    boolean store = false;
    for (FileStatus s : view.list(view.root())) {
      store |= s.getPath().getName().startsWith(MANIFEST_PREFIX);
    }
    throw new IllegalArgumentException(
        uri
            + (store
                ? " is a store directory, not a checkpoint root (manifest-dump and verify read"
                    + " stores)"
                : " is not a checkpoint root: it holds no registry-<version> or chk-<id> file"));
  }

  /** The checkpoint root {@code view} is rooted at, or empty if the directory is not one. */
  static Optional<CheckpointRoot> ifRoot(FileSystemView view, URI uri) throws IOException {
    SortedMap<Long, Path> metadata = new TreeMap<>();
    for (FileStatus s : view.list(view.root())) {
      Matcher m = METADATA_NAME.matcher(s.getPath().getName());
      if (m.matches() && s.isFile()) {
        try {
          metadata.put(Long.parseLong(m.group(1)), s.getPath());
        } catch (NumberFormatException e) {
          // Twenty digits past Long.MAX_VALUE: not a name the checkpoint storage writes.
        }
      }
    }
    VersionedPublisher registryFiles =
        new VersionedPublisher(view, view.root(), CheckpointRegistry.BASE_NAME);
    List<Long> versions = registryFiles.listVersions();
    if (metadata.isEmpty() && versions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CheckpointRoot(view, uri, metadata, registryFiles, versions));
  }

  URI uri() {
    return uri;
  }

  /** The metadata files the directory lists, by checkpoint id (retained or not). */
  SortedMap<Long, Path> metadataFiles() {
    return metadataFiles;
  }

  /** Registry versions the directory lists, ascending (complete or not). */
  List<Long> registryVersions() {
    return registryVersions;
  }

  /** The name of registry version {@code version}. */
  String registryName(long version) {
    return registryFiles.pathOf(version).getName();
  }

  /**
   * The newest complete registry, found as the checkpoint storage finds it (a torn newest version
   * left by a crash is skipped); {@link CheckpointRegistry#NONE} if there is none.
   *
   * @throws CorruptionException naming the file if its content is damaged
   */
  CheckpointRegistry registry() throws IOException {
    Optional<VersionedPublisher.Published> latest = registryFiles.latest();
    if (latest.isEmpty()) {
      return CheckpointRegistry.NONE;
    }
    long version = latest.get().version();
    return CheckpointRegistry.decode(
        latest.get().content(), version, registryFiles.pathOf(version).toString());
  }

  /**
   * The newest registry version the directory lists, refusing it if it is damaged or torn (for
   * verification: a checkpoint storage could not publish past it).
   *
   * @throws IOException naming the file and offset if it is torn or damaged
   */
  CheckpointRegistry newestRegistryStrictly() throws IOException {
    if (registryVersions.isEmpty()) {
      return CheckpointRegistry.NONE;
    }
    long version = registryVersions.get(registryVersions.size() - 1);
    Optional<byte[]> content = registryFiles.read(version);
    if (content.isEmpty()) {
      throw new IOException(registryFiles.pathOf(version) + " was listed but cannot be found");
    }
    return CheckpointRegistry.decode(
        content.get(), version, registryFiles.pathOf(version).toString());
  }

  /**
   * The metadata of checkpoint {@code id}.
   *
   * @throws IllegalArgumentException naming the id if the registry does not retain it and no
   *     metadata file of it exists
   * @throws CorruptionException naming the file and offset if the metadata is damaged or holds
   *     another checkpoint
   * @throws IOException naming the file if it cannot be read (a retained checkpoint without its
   *     metadata file is reported this way)
   */
  CheckpointMetadata load(long id, CheckpointRegistry registry) throws IOException {
    if (!registry.retained().contains(id) && !metadataFiles.containsKey(id)) {
      throw new IllegalArgumentException(
          "no checkpoint " + id + " in " + uri + " (retained: " + describe(registry) + ")");
    }
    Path path = view.resolve(metadataName(id));
    CheckpointMetadata m = CheckpointMetadata.decode(view.readAll(path), path.toString());
    if (m.id() != id) {
      throw new CorruptionException(path.toString(), 16, "holds checkpoint " + m.id());
    }
    return m;
  }

  /** The ids in the directory whose metadata the registry does not retain (crash leftovers). */
  List<Long> orphanIds(CheckpointRegistry registry) {
    List<Long> orphans = new ArrayList<>();
    for (long id : metadataFiles.keySet()) {
      if (!registry.retained().contains(id)) {
        orphans.add(id);
      }
    }
    return orphans;
  }

  static String metadataName(long id) {
    return "chk-" + String.format("%020d", id);
  }

  private static String describe(CheckpointRegistry registry) {
    if (registry.retained().isEmpty()) {
      return "none";
    }
    return registry.retained().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
