package io.sediment.lsm.spi;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.version.FileMetadata;
import java.util.Optional;

/**
 * Building the file references a new store's first manifest lists ({@link
 * StoreManifest#createInitial}) out of the files of other stores: restricting a file to a user-key
 * range (a <em>clipped reference</em>) and listing it under a number of the new store. See
 * docs/rescale.md: a clipped reference reads as the file with every point entry outside the clip
 * removed and every range deletion cut to it; nothing in the file changes.
 *
 * <p>Stateless and thread-safe; every result is a new value, the arguments are not changed.
 */
public final class FileReferences {

  private FileReferences() {}

  /**
   * {@code file} restricted to the user keys {@code [lower, upper)} (null: open on that side),
   * intersected with the clip it already has, so a clip never widens.
   *
   * @return a reference equal to {@code file} when its bounds already lie inside {@code [lower,
   *     upper)} (it keeps its own clip, if any); a reference with the intersected clip and bounds
   *     when it straddles; empty when nothing of it lies inside
   * @throws IllegalArgumentException if file is null, or naming the bounds if {@code lower} is not
   *     before {@code upper}
   */
  public static Optional<StoreFile> clip(StoreFile file, byte[] lower, byte[] upper) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return FileMetadata.from(file).clippedTo(lower, upper).map(FileMetadata::toStoreFile);
  }

  /**
   * {@code file} listed by a new store as its file {@code number} (logical name {@code
   * 000<number>.sst}), reading the physical file at {@code physicalPath} with {@code ownership};
   * level, bounds, counts, sequence range and clip stay. One physical file may be relinked under
   * several numbers, with different clips.
   *
   * @throws IllegalArgumentException if file or ownership is null, the number is not positive, or
   *     the path is null or empty
   */
  public static StoreFile relink(
      StoreFile file, long number, String physicalPath, FileOwnership ownership) {
    if (file == null || ownership == null) {
      throw new IllegalArgumentException("file and ownership must not be null");
    }
    if (number <= 0) {
      throw new IllegalArgumentException("file number must be positive: " + number);
    }
    return FileMetadata.from(file).relinked(number, physicalPath, ownership).toStoreFile();
  }
}
