package io.sediment.lsm;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * One SST file of a store, as its manifest records it: number, level, key range, size, entry
 * counts, sequence range, where it lives and who may delete it. This is what the engine tells other
 * modules (checkpoints, the tool, compaction services) about a file.
 *
 * <p><b>Keys.</b> The bounds are <em>internal keys</em>: the user key followed by an 8-byte
 * big-endian trailer {@code (sequence << 8) | kind code} (see {@link
 * io.sediment.lsm.spi.EntryKind}), ordered by user key ascending, then trailer descending. They
 * bound every point entry and range deletion of the file; a largest bound whose trailer is the
 * maximum sequence number with the range-deletion kind is an exclusive end. {@link
 * #smallestUserKey()} and {@link #largestUserKey()} give the user keys alone.
 *
 * <p><b>Location.</b> {@link #logicalName()} is the file's name in the store ({@code 000123.sst});
 * {@link #physicalPath()} is empty when the file lives in the store's directory under that name, or
 * a full path or URI of a file that lives elsewhere (one restored from a checkpoint).
 *
 * <p><b>Ownership.</b> {@link FileOwnership#OWNED}: the store deletes the file once no version
 * needs it; {@link FileOwnership#SHARED}: the store wrote it and handed it to a checkpoint, only
 * the checkpoint storage deletes it; {@link FileOwnership#NOT_OWNED}: someone else's (a checkpoint
 * the store was restored from), never deleted by the store.
 *
 * <p>An immutable value, equal by content; the key arrays are copied in and out. Fields are added
 * at the end of the component list, with a constructor of the previous components kept.
 *
 * @param fileNumber the store's number of the file, positive
 * @param level the file's level, 0 to {@link #NUM_LEVELS} - 1
 * @param smallestInternalKey the smallest bound, an internal key
 * @param largestInternalKey the largest bound, an internal key not before the smallest
 * @param sizeBytes the file's size in bytes
 * @param entryCount entries in the file, tombstones included
 * @param deletionCount point deletions among them
 * @param rangeDeletionCount range deletions among them
 * @param smallestSequence the smallest sequence number of an entry in the file
 * @param largestSequence the largest sequence number of an entry in the file
 * @param logicalName the file's name in the store
 * @param physicalPath empty for a file in the store's directory, else its full path or URI
 * @param ownership who may delete the file
 * @param clipLower null, or the inclusive lower user-key bound of a <em>clipped reference</em>: the
 *     store reads only the part of the file inside {@code [clipLower, clipUpper)}, point entries
 *     and range deletions alike (see docs/rescale.md); the bounds above are then those of the part
 * @param clipUpper null, or the exclusive upper user-key bound of a clipped reference
 */
public record StoreFile(
    long fileNumber,
    int level,
    byte[] smallestInternalKey,
    byte[] largestInternalKey,
    long sizeBytes,
    long entryCount,
    long deletionCount,
    long rangeDeletionCount,
    long smallestSequence,
    long largestSequence,
    String logicalName,
    String physicalPath,
    FileOwnership ownership,
    byte[] clipLower,
    byte[] clipUpper) {

  /** Number of levels of every store: levels 0 to 6. */
  public static final int NUM_LEVELS = 7;

  /**
   * @throws IllegalArgumentException naming the value for a non-positive file number, a level out
   *     of range, a null or too short bound, a smallest bound after the largest, a negative size or
   *     count, a null name, path or ownership, or an empty clip
   */
  public StoreFile {
    if (fileNumber <= 0) {
      throw new IllegalArgumentException("file number must be positive: " + fileNumber);
    }
    if (level < 0 || level >= NUM_LEVELS) {
      throw new IllegalArgumentException(
          "level of file " + fileNumber + " out of range 0.." + (NUM_LEVELS - 1) + ": " + level);
    }
    smallestInternalKey = bound(smallestInternalKey, "smallest", fileNumber);
    largestInternalKey = bound(largestInternalKey, "largest", fileNumber);
    if (InternalKey.compare(smallestInternalKey, largestInternalKey) > 0) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": smallest key "
              + InternalKey.toString(smallestInternalKey, 0, smallestInternalKey.length)
              + " is after largest "
              + InternalKey.toString(largestInternalKey, 0, largestInternalKey.length));
    }
    if (sizeBytes < 0 || entryCount < 0 || deletionCount < 0 || rangeDeletionCount < 0) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": size and counts must not be negative: "
              + sizeBytes
              + ", "
              + entryCount
              + ", "
              + deletionCount
              + ", "
              + rangeDeletionCount);
    }
    if (logicalName == null || physicalPath == null || ownership == null) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": name, path and ownership must not be null: "
              + logicalName
              + ", "
              + physicalPath
              + ", "
              + ownership);
    }
    clipLower = clipLower == null ? null : clipLower.clone();
    clipUpper = clipUpper == null ? null : clipUpper.clone();
    if (clipLower != null
        && clipUpper != null
        && InternalKey.compareUserKeys(clipLower, clipUpper) >= 0) {
      throw new IllegalArgumentException("file " + fileNumber + ": empty clip");
    }
  }

  /** A file read whole (no clip). */
  public StoreFile(
      long fileNumber,
      int level,
      byte[] smallestInternalKey,
      byte[] largestInternalKey,
      long sizeBytes,
      long entryCount,
      long deletionCount,
      long rangeDeletionCount,
      long smallestSequence,
      long largestSequence,
      String logicalName,
      String physicalPath,
      FileOwnership ownership) {
    this(
        fileNumber,
        level,
        smallestInternalKey,
        largestInternalKey,
        sizeBytes,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        ownership,
        null,
        null);
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

  /** Whether this is a clipped reference (only part of the file is read). */
  public boolean clipped() {
    return clipLower != null || clipUpper != null;
  }

  private static byte[] bound(byte[] key, String which, long fileNumber) {
    if (key == null || key.length < InternalKey.TRAILER_BYTES) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": "
              + which
              + " bound must be an internal key of at least "
              + InternalKey.TRAILER_BYTES
              + " bytes: "
              + (key == null ? "null" : key.length + " bytes"));
    }
    return key.clone();
  }

  /** A copy of the smallest bound. */
  @Override
  public byte[] smallestInternalKey() {
    return smallestInternalKey.clone();
  }

  /** A copy of the largest bound. */
  @Override
  public byte[] largestInternalKey() {
    return largestInternalKey.clone();
  }

  /** The user key of the smallest bound. */
  public byte[] smallestUserKey() {
    return InternalKey.userKey(smallestInternalKey);
  }

  /** The user key of the largest bound. */
  public byte[] largestUserKey() {
    return InternalKey.userKey(largestInternalKey);
  }

  /** Whether the file lives in the store's directory under its logical name. */
  public boolean inStoreDirectory() {
    return physicalPath.isEmpty();
  }

  /** The same file at another level. */
  public StoreFile withLevel(int newLevel) {
    return new StoreFile(
        fileNumber,
        newLevel,
        smallestInternalKey,
        largestInternalKey,
        sizeBytes,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        ownership,
        clipLower,
        clipUpper);
  }

  /** The same file with another ownership. */
  public StoreFile withOwnership(FileOwnership newOwnership) {
    return new StoreFile(
        fileNumber,
        level,
        smallestInternalKey,
        largestInternalKey,
        sizeBytes,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        newOwnership,
        clipLower,
        clipUpper);
  }

  /** The same file recorded at another physical path (empty: the store's directory). */
  public StoreFile withPhysicalPath(String newPhysicalPath) {
    return new StoreFile(
        fileNumber,
        level,
        smallestInternalKey,
        largestInternalKey,
        sizeBytes,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        newPhysicalPath,
        ownership,
        clipLower,
        clipUpper);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreFile f
        && fileNumber == f.fileNumber
        && level == f.level
        && Arrays.equals(smallestInternalKey, f.smallestInternalKey)
        && Arrays.equals(largestInternalKey, f.largestInternalKey)
        && sizeBytes == f.sizeBytes
        && entryCount == f.entryCount
        && deletionCount == f.deletionCount
        && rangeDeletionCount == f.rangeDeletionCount
        && smallestSequence == f.smallestSequence
        && largestSequence == f.largestSequence
        && logicalName.equals(f.logicalName)
        && physicalPath.equals(f.physicalPath)
        && ownership == f.ownership
        && Arrays.equals(clipLower, f.clipLower)
        && Arrays.equals(clipUpper, f.clipUpper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fileNumber, level, physicalPath)
        + 31 * Arrays.hashCode(smallestInternalKey);
  }

  @Override
  public String toString() {
    return "StoreFile#"
        + fileNumber
        + "[L"
        + level
        + " "
        + InternalKey.toString(smallestInternalKey, 0, smallestInternalKey.length)
        + " .. "
        + InternalKey.toString(largestInternalKey, 0, largestInternalKey.length)
        + ", "
        + sizeBytes
        + " bytes, "
        + entryCount
        + " entries, seq "
        + smallestSequence
        + ".."
        + largestSequence
        + (physicalPath.isEmpty() ? "" : ", at " + physicalPath)
        + (ownership == FileOwnership.OWNED ? "" : ", " + ownership)
        + (clipped()
            ? ", clip ["
                + (clipLower == null ? "-inf" : Bytes.toDisplay(clipLower))
                + ", "
                + (clipUpper == null ? "+inf" : Bytes.toDisplay(clipUpper))
                + ")"
            : "")
        + "]";
  }
}
