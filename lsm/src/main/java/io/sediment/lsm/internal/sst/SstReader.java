package io.sediment.lsm.internal.sst;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import io.sediment.fs.ReadRange;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.PointLookupSink;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one SST file (docs/format/sst.md).
 *
 * <p>{@link #open} reads and checks the footer, properties, index, filter and range-deletion blocks
 * and keeps the index and filter on the heap. Data blocks are read on demand, through the {@link
 * BlockCache} when one is given (the cache keeps them decompressed; a reader pins a block only
 * while it reads it), otherwise straight from the file for each use.
 *
 * <p>Every check failure (bad magic, checksum, truncation, undecodable bytes) is a {@link
 * CorruptionException} naming the file and the offset of the bad block; an iterator reports it as
 * an {@link java.io.UncheckedIOException} around one. No read answers from unchecked bytes.
 *
 * <p>Thread-safe: any number of threads may call {@link #get} and create iterators (each iterator
 * is used by one thread). {@link #close()} does not close the {@link ReadableFile}.
 */
public final class SstReader implements Closeable {

  private static final ValueType[] TYPES = ValueType.values();

  private final ReadableFile file;
  private final String fileName;
  private final long fileNumber;
  private final BlockCache cache;
  private final long cacheFileId;
  private final ByteBufAllocator allocator;
  private final SstProperties properties;
  private final IndexTable index;
  private final BloomFilter filter;
  private final List<RangeTombstone> rangeTombstones;
  private final Footer footer;
  private final BlockCache.BlockLoader loader = this::loadForCache;
  private volatile boolean closed;

  private SstReader(
      ReadableFile file,
      long fileNumber,
      BlockCache cache,
      ByteBufAllocator allocator,
      Footer footer,
      SstProperties properties,
      IndexTable index,
      BloomFilter filter,
      List<RangeTombstone> rangeTombstones) {
    this.file = file;
    this.fileName = file.path().toString();
    this.fileNumber = fileNumber;
    this.cache = cache;
    this.cacheFileId = cache == null ? -1 : cache.newFileId();
    this.allocator = allocator;
    this.footer = footer;
    this.properties = properties;
    this.index = index;
    this.filter = filter;
    this.rangeTombstones = rangeTombstones;
  }

  /**
   * Opens an SST.
   *
   * @param fileNumber the engine's number for the file, returned by {@link #fileNumber()}
   * @param cache block cache for data blocks, or null to read them from the file on every use
   * @throws CorruptionException naming the file and offset if the footer or a metadata block fails
   *     a check
   * @throws IOException if the file cannot be read
   */
  public static SstReader open(ReadableFile file, long fileNumber, BlockCache cache)
      throws IOException {
    return open(
        file,
        fileNumber,
        cache,
        cache != null ? cache.allocator() : PooledByteBufAllocator.DEFAULT);
  }

  /**
   * As {@link #open(ReadableFile, long, BlockCache)}, allocating uncached data blocks from {@code
   * allocator} (heap buffers).
   */
  public static SstReader open(
      ReadableFile file, long fileNumber, BlockCache cache, ByteBufAllocator allocator)
      throws IOException {
    String name = file.path().toString();
    long size = file.size();
    long footerOffset = size - SstFormat.FOOTER_BYTES;
    if (footerOffset < 0) {
      throw new CorruptionException(
          name, 0, "file of " + size + " bytes is shorter than the SST footer");
    }
    byte[] footerBytes = new byte[SstFormat.FOOTER_BYTES];
    try {
      file.readFully(footerOffset, footerBytes, 0, footerBytes.length);
    } catch (EOFException e) {
      throw new CorruptionException(name, footerOffset, "footer is truncated", e);
    }
    Footer footer;
    try {
      footer = Footer.decode(footerBytes);
    } catch (BlockFormatException e) {
      throw new CorruptionException(name, footerOffset, e.getMessage());
    }
    checkHandle(name, footerOffset, "index", footer.index(), footerOffset);
    checkHandle(name, footerOffset, "range-deletion", footer.rangeDel(), footerOffset);
    checkHandle(name, footerOffset, "properties", footer.properties(), footerOffset);
    long dataEnd = Math.min(footer.index().offset(), footer.rangeDel().offset());
    dataEnd = Math.min(dataEnd, footer.properties().offset());
    if (footer.hasFilter()) {
      checkHandle(name, footerOffset, "filter", footer.filter(), footerOffset);
      dataEnd = Math.min(dataEnd, footer.filter().offset());
    }

    SstProperties properties;
    BlockHandle at = footer.properties();
    try {
      properties =
          PropertiesBlock.decode(BlockReader.readToArray(file, at), size, footer.formatVersion());
      at = footer.index();
      IndexTable index = IndexTable.decode(BlockReader.readToArray(file, at), dataEnd);
      BloomFilter filter = null;
      if (footer.hasFilter()) {
        at = footer.filter();
        filter = BloomFilter.decode(BlockReader.readToArray(file, at));
      }
      at = footer.rangeDel();
      List<RangeTombstone> tombstones = RangeDelBlock.decode(BlockReader.readToArray(file, at));
      if (tombstones.size() != properties.rangeDeletionCount()) {
        throw new BlockFormatException(
            tombstones.size()
                + " range deletions, but the properties count "
                + properties.rangeDeletionCount());
      }
      if ((index.count() == 0) != (properties.entryCount() == 0)) {
        throw new BlockFormatException(
            index.count() + " data blocks for " + properties.entryCount() + " entries");
      }
      return new SstReader(
          file, fileNumber, cache, allocator, footer, properties, index, filter, tombstones);
    } catch (BlockFormatException e) {
      throw new CorruptionException(name, at.offset(), e.getMessage());
    }
  }

  private static void checkHandle(
      String name, long footerOffset, String what, BlockHandle h, long limit)
      throws CorruptionException {
    if (h.offset() < 0 || h.size() < 0 || h.size() > limit || h.end() > limit) {
      throw new CorruptionException(
          name,
          footerOffset,
          what + " block handle [" + h.offset() + ", +" + h.size() + ") lies outside the file");
    }
  }

  /** The engine's number for this file. */
  public long fileNumber() {
    return fileNumber;
  }

  /** The file's properties (read at open). */
  public SstProperties properties() {
    return properties;
  }

  /** The id under which this reader's blocks are cached, or -1 without a cache. */
  public long cacheFileId() {
    return cacheFileId;
  }

  /** Number of data blocks in the file. */
  public int dataBlockCount() {
    return index.count();
  }

  /** Heap bytes held by the index and the filter. */
  public long memoryBytes() {
    return index.memoryBytes() + (filter == null ? 0 : filter.bitsLength());
  }

  /** False only if the file certainly holds no entry of {@code userKey} (bloom filter). */
  public boolean mayContain(byte[] userKey) {
    return filter == null || filter.mayContain(userKey, 0, userKey.length);
  }

  /** A new, unpositioned iterator over the point entries; the caller closes it. */
  public InternalIterator newIterator() {
    return newIterator(true);
  }

  /**
   * A new, unpositioned iterator over the point entries; the caller closes it.
   *
   * @param fillCache whether blocks it reads are added to the block cache. Compaction passes false
   *     (as RocksDB's compactions do): it reads every block of its inputs once, just before they
   *     are deleted, so caching them would only evict blocks that readers want and make the cache
   *     allocate memory for blocks nobody reads again. Blocks already cached are used either way.
   */
  public InternalIterator newIterator(boolean fillCache) {
    checkOpen();
    return new SstIterator(this, fillCache);
  }

  /** The range tombstones as written, in write order. */
  public List<RangeTombstone> rangeTombstones() {
    return rangeTombstones;
  }

  /**
   * Visits the entries of {@code userKey} with sequence at most {@code snapshotSeq}, newest first,
   * until the sink returns false. Checks the bloom filter first; allocates nothing per entry.
   *
   * @throws CorruptionException if a data block it reads fails a check
   * @throws IllegalArgumentException for a negative snapshot sequence
   */
  public void get(byte[] userKey, long snapshotSeq, PointLookupSink sink) throws IOException {
    checkOpen();
    checkSequence(snapshotSeq);
    if (index.count() == 0 || !mayContain(userKey)) {
      return;
    }
    LookupScratch scratch = LookupScratch.acquire();
    try {
      int targetLength = fillTarget(scratch, userKey, snapshotSeq);
      int block = index.findBlock(scratch.target(targetLength), 0, targetLength);
      for (boolean first = true; block < index.count(); block++, first = false) {
        ByteBuf buf = dataBlock(block);
        try {
          if (!search(scratch, buf, block, first, userKey, targetLength, sink)) {
            return;
          }
        } finally {
          buf.release();
        }
      }
    } finally {
      scratch.release();
    }
  }

  /**
   * The first step of {@link #get} split off for batched lookups: the data block where the entries
   * of {@code userKey} at or below {@code snapshotSeq} start, or -1 when the file certainly holds
   * none (no data, or the bloom filter rules the key out). Reads nothing from the file.
   *
   * @throws IllegalArgumentException for a negative snapshot sequence
   */
  public int blockFor(byte[] userKey, long snapshotSeq) {
    checkOpen();
    checkSequence(snapshotSeq);
    if (index.count() == 0 || !mayContain(userKey)) {
      return -1;
    }
    LookupScratch scratch = LookupScratch.acquire();
    try {
      int targetLength = fillTarget(scratch, userKey, snapshotSeq);
      int block = index.findBlock(scratch.target(targetLength), 0, targetLength);
      return block < index.count() ? block : -1;
    } finally {
      scratch.release();
    }
  }

  /**
   * Data block {@code block} if the block cache holds it, retained for the caller (who releases it)
   * and counted as a cache hit; null when it is not cached (counting nothing) or there is no cache.
   * Never reads the file.
   *
   * @throws IllegalArgumentException if the file has no block {@code block}
   */
  public ByteBuf cachedBlock(int block) {
    checkOpen();
    checkBlock(block);
    return cache == null ? null : cache.getIfPresentCounted(cacheFileId, index.offset(block));
  }

  /**
   * Data block {@code block}, retained for the caller, who releases it: from the block cache, else
   * read from the file on the calling thread and added to the cache, as {@link #get} does.
   *
   * @throws CorruptionException naming the file and offset if the block fails a check
   * @throws IOException naming the file if it cannot be read
   * @throws IllegalArgumentException if the file has no block {@code block}
   */
  public ByteBuf readBlock(int block) throws IOException {
    checkOpen();
    checkBlock(block);
    return dataBlock(block);
  }

  /**
   * Whether the file system serves many block reads of this file together without a thread each
   * (see {@link ReadableFile#overlapsRangeReads()}): then a batched reader fetches the blocks it
   * needs with {@link #startBlockReads} instead of {@link #readBlock} on several threads.
   */
  public boolean overlapsBlockReads() {
    return file.overlapsRangeReads();
  }

  /**
   * Starts fetching the stored bytes (trailer included) of data blocks {@code blocks[from..to)}
   * into {@code raw[from..to)}, all in one {@link ReadableFile#readRanges} call; {@link
   * #blockFromBytes} then turns each into its block. The blocks must be distinct.
   *
   * @return completes when every block's bytes are in, or exceptionally with the IOException that
   *     names the file
   * @throws CorruptionException naming file and offset if a block's handle lies outside the file
   */
  public CompletableFuture<Void> startBlockReads(int[] blocks, byte[][] raw, int from, int to)
      throws CorruptionException {
    checkOpen();
    List<ReadRange> ranges = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      checkBlock(blocks[i]);
      BlockHandle handle = new BlockHandle(index.offset(blocks[i]), index.size(blocks[i]));
      raw[i] = new byte[BlockReader.storedBytesWithTrailer(file, handle)];
      ranges.add(new ReadRange(handle.offset(), raw[i], 0, raw[i].length));
    }
    return file.readRanges(ranges);
  }

  /**
   * Data block {@code block} from the stored bytes {@link #startBlockReads} fetched, retained for
   * the caller, who releases it: verified and decoded as {@link #readBlock} does, and added to the
   * block cache (unless another reader cached it meanwhile, whose copy is returned then).
   *
   * @throws CorruptionException naming the file and offset if the block fails a check
   */
  public ByteBuf blockFromBytes(int block, byte[] raw) throws IOException {
    checkOpen();
    checkBlock(block);
    ReadableFile fetched = new FetchedRange(file, index.offset(block), raw);
    if (cache == null) {
      return readDataBlock(block, fetched);
    }
    return cache.getOrLoad(
        cacheFileId, index.offset(block), (id, offset) -> readDataBlock(block, fetched));
  }

  /**
   * Whether reads of this file are served by this machine's storage (see {@link
   * ReadableFile#readsLocally()}); a hint for batched readers.
   */
  public boolean readsLocally() {
    return file.readsLocally();
  }

  /**
   * The second step of {@link #get} for batched lookups: feeds the sink the entries of {@code
   * userKey} at or below {@code snapshotSeq} found in data block {@code block} ({@code buf}, from
   * {@link #cachedBlock} or {@link #readBlock}), newest first, until the sink returns false. {@code
   * first} is true for the block {@link #blockFor} named (the search seeks to the key there) and
   * false for the blocks after it (the search starts at their first entry).
   *
   * @return true when the key's entries may go on in block {@code block + 1}: this block ended with
   *     an entry of the key and the sink asked for more. Continue there with {@code first} false.
   * @throws CorruptionException naming the file and offset if the block does not decode
   * @throws IllegalArgumentException for a negative snapshot sequence or a block out of range
   */
  public boolean getInBlock(
      ByteBuf buf, int block, boolean first, byte[] userKey, long snapshotSeq, PointLookupSink sink)
      throws IOException {
    checkOpen();
    checkSequence(snapshotSeq);
    checkBlock(block);
    LookupScratch scratch = LookupScratch.acquire();
    try {
      int targetLength = fillTarget(scratch, userKey, snapshotSeq);
      return search(scratch, buf, block, first, userKey, targetLength, sink)
          && block + 1 < index.count();
    } finally {
      scratch.release();
    }
  }

  /** Writes the seek target (the key with the snapshot's trailer) into the scratch; its length. */
  private static int fillTarget(LookupScratch scratch, byte[] userKey, long snapshotSeq) {
    int targetLength = userKey.length + InternalKey.TRAILER_BYTES;
    byte[] target = scratch.target(targetLength);
    System.arraycopy(userKey, 0, target, 0, userKey.length);
    long sequence = Math.min(snapshotSeq, InternalKey.MAX_SEQUENCE);
    InternalKey.putTrailer(
        target, userKey.length, InternalKey.trailer(sequence, ValueType.FOR_SEEK));
    return targetLength;
  }

  /**
   * Feeds the key's entries of one block to the sink; true when the block ended while the key's
   * entries lasted and the sink still wanted more (they may go on in the next block).
   */
  private boolean search(
      LookupScratch scratch,
      ByteBuf buf,
      int block,
      boolean first,
      byte[] userKey,
      int targetLength,
      PointLookupSink sink)
      throws CorruptionException {
    BlockIterator it = scratch.iterator();
    try {
      it.init(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
      if (first) {
        it.seek(scratch.target(targetLength), 0, targetLength);
      } else {
        it.seekToFirst();
      }
      for (; it.isValid(); it.next()) {
        byte[] key = it.keyArray();
        int keyLength = it.keyLength();
        if (InternalKey.compareUserKeys(
                key, 0, keyLength - InternalKey.TRAILER_BYTES, userKey, 0, userKey.length)
            != 0) {
          return false;
        }
        long trailer = InternalKey.trailer(key, 0, keyLength);
        if (!sink.accept(
            trailer >>> 8,
            TYPES[(int) (trailer & 0xFF)],
            it.valueArray(),
            it.valueOffset(),
            it.valueLength())) {
          return false;
        }
      }
      return true;
    } catch (BlockFormatException e) {
      throw corruption(block, e);
    } finally {
      it.clear();
    }
  }

  private static void checkSequence(long snapshotSeq) {
    if (snapshotSeq < 0) {
      throw new IllegalArgumentException("negative snapshot sequence " + snapshotSeq);
    }
  }

  private void checkBlock(int block) {
    if (block < 0 || block >= index.count()) {
      throw new IllegalArgumentException(
          "no data block " + block + " in " + fileName + " of " + index.count() + " blocks");
    }
  }

  /**
   * Reads every block of the file from storage (bypassing the cache), checks its checksum, and
   * decodes every data block entry, checking the key order.
   *
   * @throws CorruptionException on the first failure
   */
  public void verifyChecksums() throws IOException {
    checkOpen();
    BlockReader.readToArray(file, footer.properties());
    BlockReader.readToArray(file, footer.index());
    BlockReader.readToArray(file, footer.rangeDel());
    if (footer.hasFilter()) {
      BlockReader.readToArray(file, footer.filter());
    }
    BlockIterator it = new BlockIterator(true);
    byte[] previous = new byte[0];
    int previousLength = -1;
    ReadaheadFile sequential = new ReadaheadFile(file, ReadaheadFile.COMPACTION_WINDOW_BYTES);
    for (int block = 0; block < index.count(); block++) {
      ByteBuf buf = readDataBlock(block, sequential);
      try {
        it.init(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        it.seekToFirst();
        if (!it.isValid()) {
          throw new BlockFormatException("data block holds no entries");
        }
        for (; it.isValid(); it.next()) {
          if (previousLength >= 0
              && InternalKey.compare(previous, 0, previousLength, it.keyArray(), 0, it.keyLength())
                  >= 0) {
            throw new BlockFormatException(
                "entry at " + it.currentOffset() + " is not after the previous key");
          }
          if (previous.length < it.keyLength()) {
            previous = new byte[it.keyLength() * 2];
          }
          System.arraycopy(it.keyArray(), 0, previous, 0, it.keyLength());
          previousLength = it.keyLength();
        }
      } catch (BlockFormatException e) {
        throw corruption(block, e);
      } finally {
        it.clear();
        buf.release();
      }
    }
  }

  /** Marks the reader closed; iterators already open keep working. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "SstReader[" + fileName + ", #" + fileNumber + "]";
  }

  IndexTable index() {
    return index;
  }

  /**
   * The data block {@code block}, retained for the caller, who releases it; from the cache if
   * resident, else read and added to it.
   */
  ByteBuf dataBlock(int block) throws IOException {
    if (cache == null) {
      return readDataBlock(block, file);
    }
    return cache.getOrLoad(cacheFileId, index.offset(block), loader);
  }

  /**
   * The data block {@code block}, retained for the caller, who releases it: from the cache if
   * resident, else read through {@code via} (a view of this reader's file, such as a readahead
   * window) and not added to the cache.
   */
  ByteBuf dataBlockUncached(int block, ReadableFile via) throws IOException {
    ByteBuf cached = cache == null ? null : cache.getIfPresent(cacheFileId, index.offset(block));
    return cached != null ? cached : readDataBlock(block, via);
  }

  /** The file this reader reads. */
  ReadableFile file() {
    return file;
  }

  private ByteBuf loadForCache(long fileId, long offset) throws IOException {
    int block = index.blockAt(offset);
    if (block < 0) {
      throw new IllegalStateException("no data block at offset " + offset + " of " + fileName);
    }
    return readDataBlock(block, file);
  }

  private ByteBuf readDataBlock(int block, ReadableFile from) throws IOException {
    return BlockReader.readToBuffer(
        from, new BlockHandle(index.offset(block), index.size(block)), allocator);
  }

  /** The error for an undecodable data block. */
  CorruptionException corruption(int block, BlockFormatException e) {
    long offset = block >= 0 && block < index.count() ? index.offset(block) : -1;
    return new CorruptionException(fileName, offset, "data block " + block + ": " + e.getMessage());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SST reader already closed: " + fileName);
    }
  }
}
