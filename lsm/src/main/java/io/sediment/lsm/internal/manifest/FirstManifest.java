package io.sediment.lsm.internal.manifest;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionState;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the first manifest of a new store that starts out listing files it did not write: the
 * files of a checkpoint (restore), or clipped references to the files of several checkpoints
 * (rescale, see docs/rescale.md). Nothing is read or copied: the store opened afterwards with
 * {@code Db.open(options)} reads the listed files where they are, each through its clip.
 *
 * <p>The caller chooses every reference's number, logical name, physical path, ownership, level and
 * clip ({@link FileMetadata#clippedTo}, {@link FileMetadata#relinked}); one physical file may be
 * listed several times under different numbers. Level 0 is ordered by largest sequence number as
 * always. New files of the store are numbered after the highest listed number.
 */
public final class FirstManifest {

  private FirstManifest() {}

  /**
   * Publishes the first manifest of the store in {@code options.dirUri()}: {@code files} at their
   * levels, last sequence {@code lastSequence}, and the options' merge function name, compression
   * codes and key-group declaration.
   *
   * @param lastSequence the sequence number new writes start after: at least the largest sequence
   *     number of every listed file, so every new write overrides every listed entry
   * @throws IllegalArgumentException if an argument is null, the directory already holds a store,
   *     two references share a number or a logical name, a reference's sequence numbers exceed
   *     {@code lastSequence}, or the references break a level invariant (two overlapping references
   *     at level 1 or deeper); the message names the offending value
   * @throws IOException naming the directory if the manifest cannot be written
   */
  public static void publish(DbOptions options, List<FileMetadata> files, long lastSequence)
      throws IOException {
    if (options == null || files == null) {
      throw new IllegalArgumentException("options and files must not be null");
    }
    VersionState state = state(files, lastSequence);
    byte[] codes = new byte[Version.NUM_LEVELS];
    for (int level = 0; level < codes.length; level++) {
      codes[level] = (byte) options.compression(level).code();
    }
    String merge = options.mergeFunction() == null ? null : options.mergeFunction().name();
    try (FileSystemView view =
        FileSystemView.open(options.dirUri(), options.hadoopConfiguration())) {
      if (ManifestStore.recover(view).isPresent()) {
        throw new IllegalArgumentException(
            "cannot create a store in " + options.dirUri() + ": it already holds one");
      }
      new ManifestStore(view, merge, codes, KeyGroupDeclaration.of(options), 0).publish(state);
    }
  }

  /**
   * The state a first manifest of {@code files} records.
   *
   * @throws IllegalArgumentException as {@link #publish}
   */
  static VersionState state(List<FileMetadata> files, long lastSequence) {
    if (lastSequence < 0) {
      throw new IllegalArgumentException("last sequence must not be negative: " + lastSequence);
    }
    VersionEdit edit = new VersionEdit();
    Set<String> names = new HashSet<>();
    long nextFileNumber = 1;
    for (FileMetadata f : files) {
      if (f == null) {
        throw new IllegalArgumentException("file list holds null: " + files);
      }
      if (!names.add(f.logicalName())) {
        throw new IllegalArgumentException(
            "two references share the logical name " + f.logicalName());
      }
      if (f.largestSequence() > lastSequence) {
        throw new IllegalArgumentException(
            f
                + " holds sequence number "
                + f.largestSequence()
                + ", past the store's last sequence "
                + lastSequence);
      }
      edit.addFile(f);
      nextFileNumber = Math.max(nextFileNumber, f.fileNumber() + 1);
    }
    return new VersionState(Version.empty().apply(edit), nextFileNumber, lastSequence, 0);
  }
}
