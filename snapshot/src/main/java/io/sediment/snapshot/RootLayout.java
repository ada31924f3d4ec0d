package io.sediment.snapshot;

import io.sediment.fs.DamagedFileException;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.CorruptionException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The names of the files under a checkpoint root and how to read them, shared by the side that
 * writes them ({@link CheckpointStorage}, {@link LeaseHolder}) and the side that only looks ({@link
 * CheckpointInspector}), so both find and decode the same files the same way. Layout in {@code
 * docs/format/checkpoint.md}.
 */
final class RootLayout {

  /** Base name of the versioned registry files, {@code registry-<version as 20 digits>}. */
  static final String REGISTRY = "registry";

  private static final Pattern METADATA_NAME = Pattern.compile("chk-(\\d{20})");

  private RootLayout() {}

  /** {@code chk-<id as 20 digits>}. */
  static String metadataName(long checkpointId) {
    return "chk-" + String.format("%020d", checkpointId);
  }

  static Path metadataPath(FileSystemView root, long checkpointId) {
    return root.resolve(metadataName(checkpointId));
  }

  /** The checkpoint id of a metadata file's name; empty for any other name. */
  static OptionalLong metadataId(String fileName) {
    Matcher m = METADATA_NAME.matcher(fileName);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // twenty digits past Long.MAX_VALUE: no storage writes that
    }
  }

  static VersionedPublisher registryFiles(FileSystemView root) {
    return new VersionedPublisher(root, root.root(), REGISTRY);
  }

  /**
   * Reads and decodes the metadata of checkpoint {@code checkpointId}.
   *
   * @throws java.io.FileNotFoundException naming the file if it does not exist
   * @throws CorruptionException naming the file and offset if it is damaged or holds another id
   * @throws IOException naming the file if it cannot be read
   */
  static CheckpointHandle readMetadata(FileSystemView root, long checkpointId) throws IOException {
    Path path = metadataPath(root, checkpointId);
    return decodeMetadata(root.readAll(path), path, checkpointId);
  }

  /**
   * Decodes {@code bytes} read from {@code path}, the metadata file of checkpoint {@code
   * checkpointId}.
   *
   * @throws CorruptionException naming the file and offset if the bytes are damaged or hold another
   *     id
   */
  static CheckpointHandle decodeMetadata(byte[] bytes, Path path, long checkpointId)
      throws CorruptionException {
    CheckpointHandle h = CheckpointCodec.decode(bytes, path.toString());
    if (h.id() != checkpointId) {
      throw new CorruptionException(
          path.toString(), CheckpointCodec.HEADER_BYTES, "holds checkpoint " + h.id());
    }
    return h;
  }

  /**
   * The newest complete registry version (a torn newer one, left by a crash during a publish, is
   * skipped); empty if none was ever published.
   *
   * @throws CorruptionException naming the file and offset if the newest version that is not torn
   *     is damaged: never fall back past it, since an older registry may miss checkpoints taken
   *     since
   * @throws IOException naming the file on an I/O failure
   */
  static Optional<VersionedPublisher.Published> latestRegistry(VersionedPublisher registryFiles)
      throws IOException {
    try {
      return registryFiles.latest();
    } catch (DamagedFileException e) {
      throw registryCorruption(e, e.path(), e.offset(), "damaged checkpoint registry");
    }
  }

  /**
   * A {@link CorruptionException} for a registry file whose frame failed a check ({@code problem}
   * is a {@link DamagedFileException} or {@link io.sediment.fs.TornFileException} about {@code
   * path}), saying what check failed without naming the file twice.
   */
  static CorruptionException registryCorruption(
      IOException problem, Path path, long offset, String what) {
    String message = String.valueOf(problem.getMessage());
    String prefix = "at offset " + offset + ": ";
    int at = message.indexOf(prefix);
    String detail = at < 0 ? message : message.substring(at + prefix.length());
    return new CorruptionException(path.toString(), offset, what + ": " + detail, problem);
  }
}
