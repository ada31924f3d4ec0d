package io.sediment.snapshot;

import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.InternalKeys;
import java.util.Arrays;
import java.util.Objects;

/**
 * One SST file a checkpoint references, as the checkpoint's metadata records it: where the file
 * lives, its level in the checkpointed store, its key and sequence ranges, its size and entry
 * counts (what RocksDB's {@code LiveFileMetaData} tells about a live file). Read with {@link
 * CheckpointInspector}.
 *
 * <p>The file stays where the store wrote it. Once checkpointed it is <em>shared</em>: no store
 * deletes it any more; the {@link CheckpointStorage} does, once no retained or held checkpoint
 * lists it and no open store holds it.
 *
 * <p>An immutable value, equal by content: the key arrays are copied in and out.
 *
 * @param level the file's level in the store when the checkpoint was taken, from 0
 * @param fileNumber the store's number of the file, unique within the checkpoint
 * @param logicalName the file's name in the store, such as {@code 000123.sst}
 * @param physicalPath the fully qualified URI of the file, never empty
 * @param sizeBytes the file's size in bytes
 * @param entryCount entries in the file, tombstones included
 * @param deletionCount point deletions among them
 * @param rangeDeletionCount range deletions among them
 * @param smallestSequence the smallest sequence number of an entry in the file
 * @param largestSequence the largest sequence number of an entry in the file, never above the
 *     checkpoint's sequence number
 * @param smallestInternalKey the smallest bound of the file as an internal key: the user key
 *     followed by an 8-byte big-endian trailer {@code (sequence << 8) | type}
 * @param largestInternalKey the largest bound of the file as an internal key
 * @param clipLower null, or the inclusive lower user-key bound of a clipped reference: the store
 *     read only the part of the file inside {@code [clipLower, clipUpper)} (a rescaled store, see
 *     docs/rescale.md); the bounds above are then those of that part
 * @param clipUpper null, or the exclusive upper user-key bound of a clipped reference
 */
public record CheckpointFile(
    int level,
    long fileNumber,
    String logicalName,
    String physicalPath,
    long sizeBytes,
    long entryCount,
    long deletionCount,
    long rangeDeletionCount,
    long smallestSequence,
    long largestSequence,
    byte[] smallestInternalKey,
    byte[] largestInternalKey,
    byte[] clipLower,
    byte[] clipUpper) {

  /** A file read whole (no clip). */
  public CheckpointFile(
      int level,
      long fileNumber,
      String logicalName,
      String physicalPath,
      long sizeBytes,
      long entryCount,
      long deletionCount,
      long rangeDeletionCount,
      long smallestSequence,
      long largestSequence,
      byte[] smallestInternalKey,
      byte[] largestInternalKey) {
    this(
        level,
        fileNumber,
        logicalName,
        physicalPath,
        sizeBytes,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        smallestInternalKey,
        largestInternalKey,
        null,
        null);
  }

  /**
   * Checks only what every decodable checkpoint guarantees, so describing one never fails here.
   *
   * @throws IllegalArgumentException naming the value for a negative level, file number, size or
   *     count, a null name, an empty physical path, or a key shorter than an internal key's trailer
   */
  public CheckpointFile {
    if (level < 0 || fileNumber < 0 || sizeBytes < 0) {
      throw new IllegalArgumentException(
          "level, file number and size must not be negative: "
              + level
              + ", "
              + fileNumber
              + ", "
              + sizeBytes);
    }
    if (entryCount < 0 || deletionCount < 0 || rangeDeletionCount < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: "
              + entryCount
              + ", "
              + deletionCount
              + ", "
              + rangeDeletionCount);
    }
    if (logicalName == null) {
      throw new IllegalArgumentException("logical name of " + physicalPath + " must not be null");
    }
    if (physicalPath == null || physicalPath.isEmpty()) {
      throw new IllegalArgumentException(
          "physical path of " + logicalName + " must not be empty: " + physicalPath);
    }
    smallestInternalKey = internalKey(smallestInternalKey, "smallest", logicalName);
    largestInternalKey = internalKey(largestInternalKey, "largest", logicalName);
    clipLower = clipLower == null ? null : clipLower.clone();
    clipUpper = clipUpper == null ? null : clipUpper.clone();
  }

  private static byte[] internalKey(byte[] key, String which, String file) {
    if (key == null || key.length < InternalKeys.TRAILER_BYTES) {
      throw new IllegalArgumentException(
          which
              + " key of "
              + file
              + " must be an internal key of at least "
              + InternalKeys.TRAILER_BYTES
              + " bytes: "
              + (key == null ? "null" : key.length + " bytes"));
    }
    return key.clone();
  }

  /** The file as the engine's metadata describes it, with its physical path set. */
  static CheckpointFile of(StoreFile f) {
    return new CheckpointFile(
        f.level(),
        f.fileNumber(),
        f.logicalName(),
        f.physicalPath(),
        f.sizeBytes(),
        f.entryCount(),
        f.deletionCount(),
        f.rangeDeletionCount(),
        f.smallestSequence(),
        f.largestSequence(),
        f.smallestInternalKey(),
        f.largestInternalKey(),
        f.clipLower(),
        f.clipUpper());
  }

  /** A copy of the lower clip bound, or null. */
  @Override
  public byte[] clipLower() {
    return clipLower == null ? null : clipLower.clone();
  }

  /** A copy of the upper clip bound, or null. */
  @Override
  public byte[] clipUpper() {
    return clipUpper == null ? null : clipUpper.clone();
  }

  /** Whether this is a clipped reference (the store read only part of the file). */
  public boolean clipped() {
    return clipLower != null || clipUpper != null;
  }

  /** A copy of the smallest bound as an internal key. */
  @Override
  public byte[] smallestInternalKey() {
    return smallestInternalKey.clone();
  }

  /** A copy of the largest bound as an internal key. */
  @Override
  public byte[] largestInternalKey() {
    return largestInternalKey.clone();
  }

  /** The user key of the smallest bound (RocksDB's {@code smallestkey}). */
  public byte[] smallestUserKey() {
    return InternalKeys.userKey(smallestInternalKey);
  }

  /** The user key of the largest bound (RocksDB's {@code largestkey}). */
  public byte[] largestUserKey() {
    return InternalKeys.userKey(largestInternalKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointFile f
        && level == f.level
        && fileNumber == f.fileNumber
        && logicalName.equals(f.logicalName)
        && physicalPath.equals(f.physicalPath)
        && sizeBytes == f.sizeBytes
        && entryCount == f.entryCount
        && deletionCount == f.deletionCount
        && rangeDeletionCount == f.rangeDeletionCount
        && smallestSequence == f.smallestSequence
        && largestSequence == f.largestSequence
        && Arrays.equals(smallestInternalKey, f.smallestInternalKey)
        && Arrays.equals(largestInternalKey, f.largestInternalKey)
        && Arrays.equals(clipLower, f.clipLower)
        && Arrays.equals(clipUpper, f.clipUpper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(physicalPath, fileNumber, sizeBytes)
        + 31 * Arrays.hashCode(smallestInternalKey)
        + 961 * Arrays.hashCode(largestInternalKey);
  }

  @Override
  public String toString() {
    return "CheckpointFile[L"
        + level
        + " "
        + logicalName
        + ", "
        + sizeBytes
        + " bytes, "
        + entryCount
        + " entries, seq "
        + smallestSequence
        + ".."
        + largestSequence
        + ", keys ["
        + InternalKeys.toDisplay(smallestInternalKey)
        + " .. "
        + InternalKeys.toDisplay(largestInternalKey)
        + "], at "
        + physicalPath
        + (clipped()
            ? ", clip ["
                + (clipLower == null ? "-inf" : InternalKeys.display(clipLower))
                + ", "
                + (clipUpper == null ? "+inf" : InternalKeys.display(clipUpper))
                + ")"
            : "")
        + "]";
  }
}
