package io.sediment.tool;

import io.sediment.snapshot.CheckpointDescription;
import io.sediment.snapshot.CheckpointInspector;
import io.sediment.snapshot.RegistryDescription;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * A checkpoint root directory as the inspection commands see it: what the snapshot module's {@link
 * CheckpointInspector} reads (read-only: nothing is created, published or deleted), listed once,
 * with the messages the commands print when a directory or id is not what the user meant.
 */
final class CheckpointRoot implements Closeable {

  private static final String MANIFEST_PREFIX = "MANIFEST-";

  private final CheckpointInspector inspector;
  private final URI uri;
  private final List<Long> metadataIds;
  private final List<Long> registryVersions;

  private CheckpointRoot(
      CheckpointInspector inspector, URI uri, List<Long> metadataIds, List<Long> registryVersions) {
    this.inspector = inspector;
    this.uri = uri;
    this.metadataIds = List.copyOf(metadataIds);
    this.registryVersions = List.copyOf(registryVersions);
  }

  /**
   * The checkpoint root {@code dir} names.
   *
   * @throws IllegalArgumentException naming the URI if the directory holds neither checkpoint
   *     metadata nor a registry
   * @throws IOException naming the directory if it cannot be listed
   */
  static CheckpointRoot open(ExistingPath dir, Configuration conf) throws IOException {
    CheckpointRoot root = ifRoot(dir.uri, conf);
    if (root != null) {
      return root;
    }
    boolean store = false;
    for (FileStatus s : dir.parent.list(dir.path)) {
      store |= s.getPath().getName().startsWith(MANIFEST_PREFIX);
    }
    throw new IllegalArgumentException(
        dir.uri
            + (store
                ? " is a store directory, not a checkpoint root (manifest-dump and verify read"
                    + " stores)"
                : " is not a checkpoint root: it holds no registry-<version> or chk-<id> file"));
  }

  /**
   * The registry in force in directory {@code dir}, or null if {@code dir} is not a checkpoint
   * root.
   *
   * @throws io.sediment.lsm.CorruptionException naming the file if the registry is damaged
   */
  static RegistryDescription registryIfRoot(URI dir, Configuration conf) throws IOException {
    try (CheckpointRoot root = ifRoot(dir, conf)) {
      return root == null ? null : root.registry();
    }
  }

  /** The checkpoint root {@code dir} names, or null if the directory is not one. */
  private static CheckpointRoot ifRoot(URI dir, Configuration conf) throws IOException {
    CheckpointInspector inspector = CheckpointInspector.open(dir.toString(), conf);
    try {
      List<Long> ids = inspector.listCheckpointIds();
      List<Long> versions = inspector.listRegistryVersions();
      if (ids.isEmpty() && versions.isEmpty()) {
        inspector.close();
        return null;
      }
      return new CheckpointRoot(inspector, dir, ids, versions);
    } catch (IOException | RuntimeException e) {
      inspector.close();
      throw e;
    }
  }

  URI uri() {
    return uri;
  }

  /** Registry versions the directory lists, ascending (complete or not). */
  List<Long> registryVersions() {
    return registryVersions;
  }

  /** The name of registry version {@code version}. */
  String registryName(long version) {
    return inspector.registryPath(version).getName();
  }

  /** The name of checkpoint {@code id}'s metadata file. */
  String metadataName(long id) {
    return inspector.metadataPath(id).getName();
  }

  /**
   * The registry in force: the newest complete version, as the checkpoint storage finds it (a torn
   * newest version left by a crash is skipped); version 0 with nothing retained if there is none.
   *
   * @throws io.sediment.lsm.CorruptionException naming the file if its content is damaged
   */
  RegistryDescription registry() throws IOException {
    return inspector.registry();
  }

  /**
   * The newest registry version the directory lists, refusing it if it is damaged or torn (for
   * verification: a checkpoint storage could not publish past it).
   *
   * @throws io.sediment.lsm.CorruptionException naming the file and offset if it is torn or damaged
   */
  RegistryDescription newestRegistryStrictly() throws IOException {
    if (registryVersions.isEmpty()) {
      return inspector.registry();
    }
    return inspector.registry(registryVersions.get(registryVersions.size() - 1));
  }

  /**
   * The metadata of checkpoint {@code id}.
   *
   * @throws IllegalArgumentException naming the id if the registry does not retain it and no
   *     metadata file of it exists
   * @throws io.sediment.lsm.CorruptionException naming the file and offset if the metadata is
   *     damaged or holds another checkpoint
   * @throws IOException naming the file if it cannot be read (a retained checkpoint without its
   *     metadata file is reported this way)
   */
  CheckpointDescription load(long id, RegistryDescription registry) throws IOException {
    if (!registry.retained().contains(id) && !metadataIds.contains(id)) {
      throw new IllegalArgumentException(
          "no checkpoint " + id + " in " + uri + " (retained: " + describe(registry) + ")");
    }
    return inspector.checkpoint(id);
  }

  /** The ids in the directory whose metadata the registry does not retain (crash leftovers). */
  List<Long> orphanIds(RegistryDescription registry) {
    List<Long> orphans = new ArrayList<>();
    for (long id : metadataIds) {
      if (!registry.retained().contains(id)) {
        orphans.add(id);
      }
    }
    return orphans;
  }

  private static String describe(RegistryDescription registry) {
    if (registry.retained().isEmpty()) {
      return "none";
    }
    return registry.retained().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  @Override
  public void close() throws IOException {
    inspector.close();
  }
}
