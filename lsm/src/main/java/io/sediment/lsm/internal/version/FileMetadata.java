package io.sediment.lsm.internal.version;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.sst.SstProperties;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

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
 * <p><b>Clip.</b> A file record may be a <em>clipped reference</em>: {@code [clipLower, clipUpper)}
 * is a range of user keys (null: open on that side), and the reference reads as the physical file
 * with every point entry outside the clip removed and every range tombstone cut to the clip. The
 * file itself is unchanged: one physical file can be referenced twice, under two logical names and
 * numbers, with two clips. The bounds {@link #smallest()} and {@link #largest()} of a clipped
 * reference are the intersection of the file's bounds with the clip: a clipped lower end is {@code
 * clipLower@MAX_SEQUENCE DELETE} ({@link #clipLowerKey}), which sorts after the exclusive sentinel
 * of the same user key and before every real entry of it; a clipped upper end is the exclusive
 * sentinel {@code clipUpper@MAX_SEQUENCE RANGE_DELETE} ({@link #clipUpperKey}) that range tombstone
 * ends use. Everything that selects files by key bounds therefore works on clipped references
 * unchanged; the readers of a file apply the clip (see {@code
 * io.sediment.lsm.internal.sst.SstView}). Without a clip ({@link #clipped()} false) both clip ends
 * are null. See docs/rescale.md.
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
    FileOwnership ownership,
    byte[] clipLower,
    byte[] clipUpper) {

  /**
   * The record of a file just written or verified, without a clip: its bounds, counts and sequence
   * numbers from its properties block.
   */
  public static FileMetadata of(
      long fileNumber,
      int level,
      SstProperties p,
      String logicalName,
      String physicalPath,
      FileOwnership ownership) {
    return new FileMetadata(
        fileNumber,
        level,
        p.smallestKey(),
        p.largestKey(),
        p.fileSize(),
        p.entryCount(),
        p.deletionCount(),
        p.rangeDeletionCount(),
        p.smallestSequence(),
        p.largestSequence(),
        logicalName,
        physicalPath,
        ownership);
  }

  /** A reference without a clip. */
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
      String physicalPath,
      FileOwnership ownership) {
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
        ownership,
        null,
        null);
  }

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
   * @throws IllegalArgumentException naming the bad value: also an empty clip ({@code clipLower}
   *     not before {@code clipUpper}) and bounds reaching outside the clip
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
    if (clipLower != null
        && clipUpper != null
        && InternalKey.compareUserKeys(clipLower, clipUpper) >= 0) {
      throw new IllegalArgumentException(
          "file " + fileNumber + ": empty clip " + describeClip(clipLower, clipUpper));
    }
    if ((clipLower != null && InternalKey.compare(smallest, clipLowerKey(clipLower)) < 0)
        || (clipUpper != null && InternalKey.compare(largest, clipUpperKey(clipUpper)) > 0)) {
      throw new IllegalArgumentException(
          "file "
              + fileNumber
              + ": bounds "
              + InternalKey.toString(smallest, 0, smallest.length)
              + " .. "
              + InternalKey.toString(largest, 0, largest.length)
              + " reach outside its clip "
              + describeClip(clipLower, clipUpper));
    }
  }

  /**
   * The internal key a reference clipped below at user key {@code lower} starts at: {@code
   * lower@MAX_SEQUENCE DELETE}, before every real entry of {@code lower} and after the exclusive
   * end sentinel {@code lower@MAX_SEQUENCE RANGE_DELETE} of a neighbour clipped above at {@code
   * lower}, so the two stay disjoint.
   */
  public static byte[] clipLowerKey(byte[] lower) {
    return InternalKey.encode(lower, InternalKey.MAX_SEQUENCE, ValueType.DELETE);
  }

  /**
   * The internal key a reference clipped above at user key {@code upper} ends at: the exclusive
   * sentinel {@code upper@MAX_SEQUENCE RANGE_DELETE}, before every real entry of {@code upper}.
   */
  public static byte[] clipUpperKey(byte[] upper) {
    return InternalKey.encode(upper, InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE);
  }

  /** Whether the reference has a clip (either end). */
  public boolean clipped() {
    return clipLower != null || clipUpper != null;
  }

  /** Whether {@code userKey} lies inside the clip (always true without one). */
  public boolean clipContains(byte[] userKey) {
    return (clipLower == null || InternalKey.compareUserKeys(clipLower, userKey) <= 0)
        && (clipUpper == null || InternalKey.compareUserKeys(userKey, clipUpper) < 0);
  }

  /**
   * This reference restricted to the user keys {@code [lower, upper)} (null: open on that side),
   * intersected with its own clip, so a clip never widens.
   *
   * @return this reference itself when its bounds already lie inside {@code [lower, upper)} (it
   *     keeps its own clip, if any); a reference with the intersected clip and bounds when it
   *     straddles; empty when nothing of it lies inside
   * @throws IllegalArgumentException naming the bounds if {@code lower} is not before {@code upper}
   */
  public Optional<FileMetadata> clippedTo(byte[] lower, byte[] upper) {
    if (lower != null && upper != null && InternalKey.compareUserKeys(lower, upper) >= 0) {
      throw new IllegalArgumentException("empty clip " + describeClip(lower, upper));
    }
    byte[] newLower =
        clipLower == null || (lower != null && InternalKey.compareUserKeys(lower, clipLower) > 0)
            ? lower
            : clipLower;
    byte[] newUpper =
        clipUpper == null || (upper != null && InternalKey.compareUserKeys(upper, clipUpper) < 0)
            ? upper
            : clipUpper;
    if (newLower != null
        && newUpper != null
        && InternalKey.compareUserKeys(newLower, newUpper) >= 0) {
      return Optional.empty();
    }
    byte[] s = smallest;
    if (newLower != null && InternalKey.compare(s, clipLowerKey(newLower)) < 0) {
      s = clipLowerKey(newLower);
    }
    byte[] l = largest;
    if (newUpper != null && InternalKey.compare(l, clipUpperKey(newUpper)) > 0) {
      l = clipUpperKey(newUpper);
    }
    if (InternalKey.compare(s, l) > 0) {
      return Optional.empty();
    }
    if (s == smallest && l == largest) {
      return Optional.of(this);
    }
    return Optional.of(
        new FileMetadata(
            fileNumber,
            level,
            s,
            l,
            fileSize,
            entryCount,
            deletionCount,
            rangeDeletionCount,
            smallestSequence,
            largestSequence,
            logicalName,
            physicalPath,
            ownership,
            newLower,
            newUpper));
  }

  /**
   * The same reference under another number (and the logical name {@link #sstName} of it), reading
   * the physical file at {@code physicalPath} with {@code newOwnership}: how a store lists a file
   * of another store, possibly twice with two clips.
   *
   * @throws IllegalArgumentException if the number is not positive or the path is empty
   */
  public FileMetadata relinked(long number, String physicalPath, FileOwnership newOwnership) {
    if (physicalPath == null || physicalPath.isEmpty()) {
      throw new IllegalArgumentException(
          "file " + number + ": a relinked file needs its physical path: '" + physicalPath + "'");
    }
    return new FileMetadata(
        number,
        level,
        smallest,
        largest,
        fileSize,
        entryCount,
        deletionCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        sstName(number),
        physicalPath,
        newOwnership,
        clipLower,
        clipUpper);
  }

  private static String describeClip(byte[] lower, byte[] upper) {
    return "["
        + (lower == null ? "-inf" : Bytes.toDisplay(lower))
        + ", "
        + (upper == null ? "+inf" : Bytes.toDisplay(upper))
        + ")";
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
        f.ownership(),
        f.clipLower(),
        f.clipUpper());
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
        ownership,
        clipLower,
        clipUpper);
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
        newOwnership,
        clipLower,
        clipUpper);
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
        ownership,
        clipLower,
        clipUpper);
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
        && ownership == f.ownership
        && Arrays.equals(clipLower, f.clipLower)
        && Arrays.equals(clipUpper, f.clipUpper);
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
        + (clipped() ? ", clip " + describeClip(clipLower, clipUpper) : "")
        + "]";
  }
}
