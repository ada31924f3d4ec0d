package io.sediment.lsm.internal.sst;

import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * Facts about one SST, written in its properties block and known without reading its data.
 *
 * @param smallestKey internal key at or before every point entry and every range tombstone of the
 *     file: a tombstone contributes {@code begin@seq RANGE_DELETE}
 * @param largestKey internal key at or after every point entry and tombstone: a tombstone
 *     contributes {@code end@MAX_SEQUENCE RANGE_DELETE}, which sorts before every real entry of
 *     user key {@code end} (the end is exclusive), so adjacent files stay disjoint
 * @param entryCount point entries (PUT, DELETE, MERGE)
 * @param deletionCount point DELETE entries
 * @param mergeCount MERGE entries
 * @param rangeDeletionCount range tombstones
 * @param smallestSequence smallest sequence number of any entry or tombstone
 * @param largestSequence largest sequence number of any entry or tombstone
 * @param rawKeyBytes sum of the internal key lengths of the point entries
 * @param rawValueBytes sum of the value lengths of the point entries
 * @param dataBytes bytes of the data blocks as stored, trailers included
 * @param indexBytes bytes of the index block as stored, trailer included
 * @param filterBytes bytes of the filter block as stored, trailer included (0 without a filter)
 * @param fileSize the file's length
 * @param formatVersion the SST format version
 * @param compression the compression the writer was configured with (a block may still be stored
 *     uncompressed)
 * @param keyGroups smallest and largest key group of the file's keys, recorded by stores that
 *     declare key groups; null for files written without (and for files of older writers)
 */
public record SstProperties(
    byte[] smallestKey,
    byte[] largestKey,
    long entryCount,
    long deletionCount,
    long mergeCount,
    long rangeDeletionCount,
    long smallestSequence,
    long largestSequence,
    long rawKeyBytes,
    long rawValueBytes,
    long dataBytes,
    long indexBytes,
    long filterBytes,
    long fileSize,
    int formatVersion,
    Compression compression,
    KeyGroupSpan keyGroups) {

  /** Properties without a key-group span. */
  public SstProperties(
      byte[] smallestKey,
      byte[] largestKey,
      long entryCount,
      long deletionCount,
      long mergeCount,
      long rangeDeletionCount,
      long smallestSequence,
      long largestSequence,
      long rawKeyBytes,
      long rawValueBytes,
      long dataBytes,
      long indexBytes,
      long filterBytes,
      long fileSize,
      int formatVersion,
      Compression compression) {
    this(
        smallestKey,
        largestKey,
        entryCount,
        deletionCount,
        mergeCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        rawKeyBytes,
        rawValueBytes,
        dataBytes,
        indexBytes,
        filterBytes,
        fileSize,
        formatVersion,
        compression,
        null);
  }

  /** Content equality (the record default would compare the key arrays by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SstProperties p
        && Arrays.equals(smallestKey, p.smallestKey)
        && Arrays.equals(largestKey, p.largestKey)
        && entryCount == p.entryCount
        && deletionCount == p.deletionCount
        && mergeCount == p.mergeCount
        && rangeDeletionCount == p.rangeDeletionCount
        && smallestSequence == p.smallestSequence
        && largestSequence == p.largestSequence
        && rawKeyBytes == p.rawKeyBytes
        && rawValueBytes == p.rawValueBytes
        && dataBytes == p.dataBytes
        && indexBytes == p.indexBytes
        && filterBytes == p.filterBytes
        && fileSize == p.fileSize
        && formatVersion == p.formatVersion
        && compression == p.compression
        && Objects.equals(keyGroups, p.keyGroups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(smallestKey),
        Arrays.hashCode(largestKey),
        entryCount,
        rangeDeletionCount,
        smallestSequence,
        largestSequence,
        fileSize);
  }

  @Override
  public String toString() {
    return "SstProperties[smallest="
        + InternalKey.toString(smallestKey, 0, smallestKey.length)
        + ", largest="
        + InternalKey.toString(largestKey, 0, largestKey.length)
        + ", entries="
        + entryCount
        + ", deletions="
        + deletionCount
        + ", merges="
        + mergeCount
        + ", rangeDeletions="
        + rangeDeletionCount
        + ", seq=["
        + smallestSequence
        + ", "
        + largestSequence
        + "], rawKeyBytes="
        + rawKeyBytes
        + ", rawValueBytes="
        + rawValueBytes
        + ", dataBytes="
        + dataBytes
        + ", indexBytes="
        + indexBytes
        + ", filterBytes="
        + filterBytes
        + ", fileSize="
        + fileSize
        + ", formatVersion="
        + formatVersion
        + ", compression="
        + compression
        + (keyGroups == null ? "" : ", keyGroups=" + keyGroups)
        + "]";
  }
}
