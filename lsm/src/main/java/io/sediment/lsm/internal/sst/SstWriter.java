package io.sediment.lsm.internal.sst;

import io.sediment.fs.WritableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one SST file (layout in docs/format/sst.md): point entries in strictly increasing
 * internal-key order into data blocks, then at {@link #finish()} the bloom filter, the
 * range-deletion block, the index, the properties and the footer.
 *
 * <p>Each data block gets an index entry whose key is a separator: at or after every key of the
 * block and before every key of the next one, shortened like leveldb's {@code
 * FindShortestSeparator} when the two blocks' user keys differ.
 *
 * <p>Errors: an entry out of order, of an unwritable type or malformed throws {@link
 * IllegalArgumentException} naming the keys, and the writer stays usable; an {@link IOException}
 * leaves the file unusable: call {@link #abandon()} and delete it. Not thread-safe.
 */
public final class SstWriter {

  private enum State {
    OPEN,
    FINISHED,
    ABANDONED
  }

  private final WritableFile out;
  private final SstWriterOptions options;
  private final BlockWriter blockWriter;
  private final BlockBuilder dataBlock;
  private final BlockBuilder indexBlock = new BlockBuilder(SstFormat.INDEX_RESTART_INTERVAL);
  private final BloomFilter.Builder filter;
  private final List<RangeTombstone> tombstones = new ArrayList<>();
  private final byte[] handleScratch = new byte[BlockHandle.MAX_ENCODED_BYTES];
  private byte[] separator = new byte[64];
  private State state = State.OPEN;

  private byte[] lastKey = new byte[64];
  private int lastKeyLength = -1;
  private byte[] firstKey;
  private BlockHandle pendingHandle;

  private long entryCount;
  private long deletionCount;
  private long mergeCount;
  private long smallestSequence = Long.MAX_VALUE;
  private long largestSequence = -1;
  private long rawKeyBytes;
  private long rawValueBytes;
  private long dataBytes;

  /** Starts writing an SST into {@code out}, which this writer closes at the end. */
  public SstWriter(WritableFile out, SstWriterOptions options) {
    if (out == null || options == null) {
      throw new IllegalArgumentException("output file and options must not be null");
    }
    this.out = out;
    this.options = options;
    this.blockWriter = new BlockWriter(out);
    this.dataBlock = new BlockBuilder(options.restartInterval());
    this.filter =
        options.bloomBitsPerKey() > 0 ? new BloomFilter.Builder(options.bloomBitsPerKey()) : null;
  }

  /**
   * Adds a point entry.
   *
   * @param key an internal key (user key + trailer) of type PUT, DELETE or MERGE, after every key
   *     added before
   * @throws IllegalArgumentException if the key is shorter than a trailer, of another type, or not
   *     after the previous key (the message names both keys)
   */
  public void add(
      byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
      throws IOException {
    checkOpen();
    if (keyLength < InternalKey.TRAILER_BYTES) {
      throw new IllegalArgumentException(
          "internal key of " + keyLength + " bytes is shorter than its 8-byte trailer");
    }
    int typeCode = key[keyOffset + keyLength - 1] & 0xFF;
    if (typeCode > ValueType.MERGE.code()) {
      throw new IllegalArgumentException(
          "SST point entries must be PUT, DELETE or MERGE: "
              + InternalKey.toString(key, keyOffset, keyLength));
    }
    if (lastKeyLength >= 0
        && InternalKey.compare(lastKey, 0, lastKeyLength, key, keyOffset, keyLength) >= 0) {
      throw new IllegalArgumentException(
          "internal keys must be strictly increasing: "
              + InternalKey.toString(key, keyOffset, keyLength)
              + " after "
              + InternalKey.toString(lastKey, 0, lastKeyLength));
    }
    if (!dataBlock.isEmpty()
        && dataBlock.estimatedSizeAfter(keyLength, valueLength) > options.blockSize()) {
      flushDataBlock();
    }
    if (pendingHandle != null) {
      int sepLength = shortestSeparator(key, keyOffset, keyLength);
      addIndexEntry(separator, sepLength, pendingHandle);
      pendingHandle = null;
    }
    int userKeyLength = keyLength - InternalKey.TRAILER_BYTES;
    if (filter != null
        && (lastKeyLength < 0
            || InternalKey.compareUserKeys(
                    lastKey,
                    0,
                    lastKeyLength - InternalKey.TRAILER_BYTES,
                    key,
                    keyOffset,
                    userKeyLength)
                != 0)) {
      filter.add(key, keyOffset, userKeyLength);
    }
    dataBlock.add(key, keyOffset, keyLength, value, valueOffset, valueLength);

    if (firstKey == null) {
      firstKey = Arrays.copyOfRange(key, keyOffset, keyOffset + keyLength);
    }
    if (lastKey.length < keyLength) {
      lastKey = new byte[Math.max(keyLength, 2 * lastKey.length)];
    }
    System.arraycopy(key, keyOffset, lastKey, 0, keyLength);
    lastKeyLength = keyLength;

    long sequence = InternalKey.sequence(key, keyOffset, keyLength);
    smallestSequence = Math.min(smallestSequence, sequence);
    largestSequence = Math.max(largestSequence, sequence);
    entryCount++;
    if (typeCode == ValueType.DELETE.code()) {
      deletionCount++;
    } else if (typeCode == ValueType.MERGE.code()) {
      mergeCount++;
    }
    rawKeyBytes += keyLength;
    rawValueBytes += valueLength;
  }

  /**
   * Adds a point entry given as whole arrays; see {@link #add(byte[], int, int, byte[], int, int)}.
   */
  public void add(byte[] internalKey, byte[] value) throws IOException {
    add(internalKey, 0, internalKey.length, value, 0, value.length);
  }

  /** Records a range tombstone; any order, any number, written at {@link #finish()}. */
  public void addRangeTombstone(RangeTombstone t) {
    checkOpen();
    if (t == null) {
      throw new IllegalArgumentException("range tombstone must not be null");
    }
    tombstones.add(t);
  }

  /** Bytes written so far plus the open data block: what the file would take if cut now. */
  public long estimatedFileSize() {
    return out.position() + (dataBlock.isEmpty() ? 0 : dataBlock.estimatedSize());
  }

  /** Point entries added so far. */
  public long entryCount() {
    return entryCount;
  }

  /**
   * Writes the remaining blocks and the footer, syncs and closes the file.
   *
   * @return the file's properties
   * @throws IllegalStateException if nothing was added (an empty SST has no key range: {@link
   *     #abandon()} it instead) or the writer is not open
   */
  public SstProperties finish() throws IOException {
    checkOpen();
    if (entryCount == 0 && tombstones.isEmpty()) {
      throw new IllegalStateException(
          "no entries or range tombstones were added to " + out.path() + ": abandon it instead");
    }
    try {
      if (!dataBlock.isEmpty()) {
        flushDataBlock();
      }
      if (pendingHandle != null) {
        int sepLength = shortSuccessor();
        addIndexEntry(separator, sepLength, pendingHandle);
        pendingHandle = null;
      }
      BlockHandle filterHandle = new BlockHandle(0, 0);
      long filterBytes = 0;
      if (filter != null) {
        byte[] contents = filter.finish();
        filterHandle = blockWriter.write(contents, contents.length, Compression.NONE);
        filterBytes = filterHandle.end() - filterHandle.offset();
      }
      byte[] rangeDels = RangeDelBlock.encode(tombstones);
      BlockHandle rangeDelHandle = blockWriter.write(rangeDels, rangeDels.length, Compression.NONE);
      int indexLength = indexBlock.finish();
      BlockHandle indexHandle =
          blockWriter.write(indexBlock.array(), indexLength, Compression.NONE);
      long indexBytes = indexHandle.end() - indexHandle.offset();

      SstProperties props = properties(filterBytes, indexBytes, 0);
      byte[] encoded = PropertiesBlock.encode(props);
      BlockHandle propertiesHandle = blockWriter.write(encoded, encoded.length, Compression.NONE);
      byte[] footer =
          new Footer(
                  indexHandle,
                  filterHandle,
                  rangeDelHandle,
                  propertiesHandle,
                  SstFormat.FORMAT_VERSION)
              .encode();
      out.write(footer, 0, footer.length);
      long fileSize = out.position();
      // WritableFile.close() syncs before closing: one hsync/fsync per file, not two.
      out.close();
      state = State.FINISHED;
      return properties(filterBytes, indexBytes, fileSize);
    } finally {
      blockWriter.close();
    }
  }

  /** Closes the file without finishing it; the caller deletes it. Idempotent; never throws. */
  public void abandon() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABANDONED;
    blockWriter.close();
    try {
      out.close();
    } catch (IOException | RuntimeException ignored) {
      // The file is garbage either way; the caller deletes it.
    }
  }

  private SstProperties properties(long filterBytes, long indexBytes, long fileSize) {
    byte[] smallest = firstKey;
    byte[] largest = lastKeyLength >= 0 ? Arrays.copyOf(lastKey, lastKeyLength) : null;
    long minSeq = smallestSequence;
    long maxSeq = largestSequence;
    for (RangeTombstone t : tombstones) {
      byte[] begin = InternalKey.encode(t.begin(), t.sequence(), ValueType.RANGE_DELETE);
      byte[] end = InternalKey.encode(t.end(), InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE);
      if (smallest == null || InternalKey.compare(begin, smallest) < 0) {
        smallest = begin;
      }
      if (largest == null || InternalKey.compare(end, largest) > 0) {
        largest = end;
      }
      minSeq = Math.min(minSeq, t.sequence());
      maxSeq = Math.max(maxSeq, t.sequence());
    }
    return new SstProperties(
        smallest,
        largest,
        entryCount,
        deletionCount,
        mergeCount,
        tombstones.size(),
        minSeq,
        maxSeq,
        rawKeyBytes,
        rawValueBytes,
        dataBytes,
        indexBytes,
        filterBytes,
        fileSize,
        SstFormat.FORMAT_VERSION,
        options.compression(),
        options.keyGroupMaxParallelism() == 0
            ? null
            : KeyGroupSpan.of(
                options.keyGroupMaxParallelism(),
                firstKey == null ? null : InternalKey.userKey(firstKey),
                lastKeyLength < 0 ? null : InternalKey.userKey(lastKey, 0, lastKeyLength),
                tombstones));
  }

  private void flushDataBlock() throws IOException {
    int length = dataBlock.finish();
    BlockHandle handle = blockWriter.write(dataBlock.array(), length, options.compression());
    dataBytes += handle.end() - handle.offset();
    dataBlock.reset();
    pendingHandle = handle;
  }

  private void addIndexEntry(byte[] key, int keyLength, BlockHandle handle) {
    int n = handle.encodeTo(handleScratch, 0);
    indexBlock.add(key, 0, keyLength, handleScratch, 0, n);
  }

  /**
   * Puts into {@link #separator} a key at or after {@link #lastKey} and before {@code next};
   * returns its length. When the user keys differ at a byte that can be incremented without
   * reaching the next key's byte, the separator is the shortened user key with the smallest trailer
   * for it (sequence MAX, type RANGE_DELETE), which sorts after every real entry of a smaller user
   * key.
   */
  private int shortestSeparator(byte[] next, int nextOffset, int nextLength) {
    int a = lastKeyLength - InternalKey.TRAILER_BYTES;
    int b = nextLength - InternalKey.TRAILER_BYTES;
    int min = Math.min(a, b);
    int diff = Arrays.mismatch(lastKey, 0, min, next, nextOffset, nextOffset + min);
    if (diff >= 0) {
      int lastByte = lastKey[diff] & 0xFF;
      int nextByte = next[nextOffset + diff] & 0xFF;
      if (lastByte < 0xFF && lastByte + 1 < nextByte) {
        return shortened(diff, lastByte + 1);
      }
    }
    return copyLastKey();
  }

  /** A key after every key of the file: the last user key with its first non-0xFF byte bumped. */
  private int shortSuccessor() {
    int a = lastKeyLength - InternalKey.TRAILER_BYTES;
    for (int i = 0; i < a; i++) {
      int v = lastKey[i] & 0xFF;
      if (v != 0xFF) {
        return shortened(i, v + 1);
      }
    }
    return copyLastKey();
  }

  /** {@code lastKey[0, at) || bumped || trailer(MAX_SEQUENCE, RANGE_DELETE)} into separator. */
  private int shortened(int at, int bumped) {
    int length = at + 1 + InternalKey.TRAILER_BYTES;
    if (separator.length < length) {
      separator = new byte[Math.max(length, 2 * separator.length)];
    }
    System.arraycopy(lastKey, 0, separator, 0, at);
    separator[at] = (byte) bumped;
    InternalKey.putTrailer(
        separator, at + 1, InternalKey.trailer(InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
    return length;
  }

  private int copyLastKey() {
    if (separator.length < lastKeyLength) {
      separator = new byte[Math.max(lastKeyLength, 2 * separator.length)];
    }
    System.arraycopy(lastKey, 0, separator, 0, lastKeyLength);
    return lastKeyLength;
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("SST writer for " + out.path() + " is " + state);
    }
  }
}
