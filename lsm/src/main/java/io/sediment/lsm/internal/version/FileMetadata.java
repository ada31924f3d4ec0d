package io.sediment.lsm.internal.version;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the engine knows about one SST file of a {@link Version}: its number, level, key range
 * (INTERNAL keys bounding every point entry and range tombstone), size, counts and sequence range,
 * and where it lives.
 *
 * <p>Location: {@link #logicalName()} is the file's name in the store ({@code 000123.sst}); {@link
 * #physicalPath()} is empty when the file lives under the store's directory with that name, or a
 * full path/URI for a file that lives elsewhere (for instance one restored from a checkpoint).
 *
 * <p>Ownership says who may delete the file once no version of the store needs it: {@link
 * FileOwnership#OWNED} files are deleted by the store; {@link FileOwnership#SHARED} files were
 * created by the store and handed to a checkpoint, and only the checkpoint storage deletes them;
 * {@link FileOwnership#NOT_OWNED} files belong to someone else (a checkpoint the store was restored
 * from) and the store never deletes them. The 12-argument constructor derives the ownership from
 * the location (empty path: owned; a path: not owned), as manifests of format version 1 did.
 *
 * <p>Immutable; the key arrays are never modified after construction.
 */
public record FileMetadata(
    long fileNumber,
    int level,
    byte[] smallest,
    byte[] largest,
    long fileSize,
    long entryCount,
    long deletionCount,
    long rangeDeletionCount,
    long smallestSequence,
    long largestSequence,
    String logicalName,
    String physicalPath,
    FileOwnership ownership) {

  /**
   * A file whose ownership follows from its location: owned when it lives under the store's
   * directory ({@code physicalPath} empty), not owned otherwise.
   */
  public FileMetadata(
      long fileNumber,
      int level,
      byte[] smallest,
      byte[] largest,
      long fileSize,
      long entryCount,
      long deletionCount,
      long rangeDeletionCount,
      long smallestSequence,
      long largestSequence,
      String logicalName,
      String physicalPath) {
    this(
        fileNumber,
        level,
        smallest,
        largest,
        fileSize,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        physicalPath != null && physicalPath.isEmpty()
            ? FileOwnership.OWNED
            : FileOwnership.NOT_OWNED);
  }

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public FileMetadata {
    if (fileNumber <= 0) {
      throw new IllegalArgumentException("file number must be positive: " + fileNumber);
    }
    if (level < 0 || level >= Version.NUM_LEVELS) {
      throw new IllegalArgumentException("level out of range: " + level);
    }
    Objects.requireNonNull(smallest, "smallest");
    Objects.requireNonNull(largest, "largest");
    if (smallest.length < InternalKey.TRAILER_BYTES || largest.length < InternalKey.TRAILER_BYTES) {
      throw new IllegalArgumentException(
          "file " + fileNumber + ": bounds must be internal keys (at least 8 bytes)");
    }
    if (InternalKey.compare(smallest, largest) > 0) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": smallest key "
              + InternalKey.toString(smallest, 0, smallest.length)
              + " is after largest "
              + InternalKey.toString(largest, 0, largest.length));
    }
    if (fileSize < 0 || entryCount < 0 || deletionCount < 0 || rangeDeletionCount < 0) {
      throw new IllegalArgumentException("file " + fileNumber + ": negative size or count");
    }
    Objects.requireNonNull(logicalName, "logicalName");
    Objects.requireNonNull(physicalPath, "physicalPath");
    Objects.requireNonNull(ownership, "ownership");
  }

  /** The engine's metadata of a file described publicly by {@code f}. */
  public static FileMetadata from(StoreFile f) {
    return new FileMetadata(
        f.fileNumber(),
        f.level(),
        f.smallestInternalKey(),
        f.largestInternalKey(),
        f.sizeBytes(),
        f.entryCount(),
        f.deletionCount(),
        f.rangeDeletionCount(),
        f.smallestSequence(),
        f.largestSequence(),
        f.logicalName(),
        f.physicalPath(),
        f.ownership());
  }

  /** This file as the public {@link StoreFile} value (an exact round trip with {@link #from}). */
  public StoreFile toStoreFile() {
    return new StoreFile(
        fileNumber,
        level,
        smallest,
        largest,
        fileSize,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        ownership);
  }

  /** The conventional logical name of SST file {@code number}: six or more digits and ".sst". */
  public static String sstName(long number) {
    return String.format("%06d.sst", number);
  }

  /** Whether the store owns the file: it deletes it once no version needs it. */
  public boolean ownedByStore() {
    return ownership == FileOwnership.OWNED;
  }

  /** Whether the file lives under the store's directory by its logical name. */
  public boolean inStoreDirectory() {
    return physicalPath.isEmpty();
  }

  /** The same file with another ownership (handed to a checkpoint, or claimed). */
  public FileMetadata withOwnership(FileOwnership newOwnership) {
    return new FileMetadata(
        fileNumber,
        level,
        smallest,
        largest,
        fileSize,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        newOwnership);
  }

  /** The same file placed at another level (a trivial move). */
  public FileMetadata withLevel(int newLevel) {
    return new FileMetadata(
        fileNumber,
        newLevel,
        smallest,
        largest,
        fileSize,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        logicalName,
        physicalPath,
        ownership);
  }

  /** User key of the smallest bound. */
  public byte[] smallestUserKey() {
    return InternalKey.userKey(smallest);
  }

  /** User key of the largest bound. */
  public byte[] largestUserKey() {
    return InternalKey.userKey(largest);
  }

  /**
   * Whether the largest bound is the exclusive end of a range tombstone ({@code end@MAX_SEQUENCE
   * RANGE_DELETE}): the file then holds nothing of that user key itself.
   */
  public boolean largestIsExclusive() {
    return InternalKey.sequence(largest, 0, largest.length) == InternalKey.MAX_SEQUENCE
        && InternalKey.type(largest, 0, largest.length) == ValueType.RANGE_DELETE;
  }

  /** Whether every key of this file sorts before {@code userKey}. */
  public boolean endsBefore(byte[] userKey) {
    int c =
        InternalKey.compareUserKeys(
            largest, 0, largest.length - InternalKey.TRAILER_BYTES, userKey, 0, userKey.length);
    return c < 0 || (c == 0 && largestIsExclusive());
  }

  /** Whether every key of this file sorts after {@code userKey}. */
  public boolean startsAfter(byte[] userKey) {
    return InternalKey.compareUserKeys(
            smallest, 0, smallest.length - InternalKey.TRAILER_BYTES, userKey, 0, userKey.length)
        > 0;
  }

  /**
   * Whether the file may hold keys in the user-key range {@code [begin, end]} (both inclusive; null
   * means unbounded).
   */
  public boolean overlaps(byte[] begin, byte[] end) {
    return (begin == null || !endsBefore(begin)) && (end == null || !startsAfter(end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileMetadata f
        && fileNumber == f.fileNumber
        && level == f.level
        && Arrays.equals(smallest, f.smallest)
        && Arrays.equals(largest, f.largest)
        && fileSize == f.fileSize
        && entryCount == f.entryCount
        && deletionCount == f.deletionCount
        && rangeDeletionCount == f.rangeDeletionCount
        && smallestSequence == f.smallestSequence
        && largestSequence == f.largestSequence
        && logicalName.equals(f.logicalName)
        && physicalPath.equals(f.physicalPath)
        && ownership == f.ownership;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fileNumber) * 31 + level;
  }

  @Override
  public String toString() {
    return "File#"
        + fileNumber
        + "[L"
        + level
        + " "
        + InternalKey.toString(smallest, 0, smallest.length)
        + " .. "
        + InternalKey.toString(largest, 0, largest.length)
        + ", "
        + fileSize
        + " bytes, "
        + entryCount
        + " entries"
        + (physicalPath.isEmpty() ? "" : ", at " + physicalPath)
        + (ownership == FileOwnership.OWNED ? "" : ", " + ownership)
        + "]";
  }
}
