package io.sediment.lsm.internal.sst;

import io.netty.buffer.ByteBuf;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Two-level iterator over an SST: the in-memory index picks the data block, a {@link BlockIterator}
 * walks it. The current block stays pinned (retained) until the iterator moves to another block,
 * becomes invalid, or closes. Keys are served from the block iterator's reused buffer and values as
 * slices of the block, so stepping allocates nothing.
 *
 * <p>Failures follow the {@link InternalIterator} contract: {@link UncheckedIOException} around the
 * {@link IOException} (a {@link io.sediment.lsm.CorruptionException} for bad data), after which the
 * iterator is invalid. Not thread-safe.
 */
final class SstIterator implements InternalIterator {

  private final SstReader reader;
  private final IndexTable index;
  private final BlockIterator block = new BlockIterator(true);
  private final boolean fillCache;
  // Sequential scans (compaction) read through a window; cached reads go block by block.
  private final ReadaheadFile readahead;
  private ByteBuf buffer;
  private int blockIndex = -1;
  private boolean valid;
  private boolean closed;

  SstIterator(SstReader reader, boolean fillCache) {
    this.reader = reader;
    this.index = reader.index();
    this.fillCache = fillCache;
    this.readahead =
        fillCache ? null : new ReadaheadFile(reader.file(), ReadaheadFile.COMPACTION_WINDOW_BYTES);
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    try {
      if (loadBlock(0)) {
        block.seekToFirst();
        skipForward();
      }
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public void seekToLast() {
    checkOpen();
    try {
      if (loadBlock(index.count() - 1)) {
        block.seekToLast();
        skipBackward();
      }
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    checkOpen();
    try {
      seekInternal(target, offset, length);
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    checkOpen();
    try {
      seekInternal(target, offset, length);
      if (!valid) {
        if (loadBlock(index.count() - 1)) {
          block.seekToLast();
          skipBackward();
        }
      } else if (InternalKey.compare(block.keyArray(), 0, block.keyLength(), target, offset, length)
          > 0) {
        block.prev();
        skipBackward();
      }
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public void next() {
    checkValid();
    try {
      block.next();
      skipForward();
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public void prev() {
    checkValid();
    try {
      block.prev();
      skipBackward();
    } catch (IOException | BlockFormatException e) {
      throw fail(e);
    }
  }

  @Override
  public byte[] keyArray() {
    return block.keyArray();
  }

  @Override
  public int keyOffset() {
    return 0;
  }

  @Override
  public int keyLength() {
    return block.keyLength();
  }

  @Override
  public byte[] valueArray() {
    return block.valueArray();
  }

  @Override
  public int valueOffset() {
    return block.valueOffset();
  }

  @Override
  public int valueLength() {
    return block.valueLength();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      invalidate();
      if (readahead != null) {
        readahead.close();
      }
    }
  }

  private void seekInternal(byte[] target, int offset, int length) throws IOException {
    if (loadBlock(index.findBlock(target, offset, length))) {
      block.seek(target, offset, length);
      skipForward();
    }
  }

  /** Moves to the first entry of the following blocks while the current block is exhausted. */
  private void skipForward() throws IOException {
    while (!block.isValid()) {
      if (!loadBlock(blockIndex + 1)) {
        return;
      }
      block.seekToFirst();
    }
    valid = true;
  }

  /** Moves to the last entry of the preceding blocks while the current block is exhausted. */
  private void skipBackward() throws IOException {
    while (!block.isValid()) {
      if (!loadBlock(blockIndex - 1)) {
        return;
      }
      block.seekToLast();
    }
    valid = true;
  }

  /**
   * Makes {@code target} the current block (reusing the pinned one if it is the same); returns
   * false and becomes invalid if there is no such block.
   */
  private boolean loadBlock(int target) throws IOException {
    valid = false;
    if (target < 0 || target >= index.count()) {
      invalidate();
      return false;
    }
    if (target == blockIndex && buffer != null) {
      return true;
    }
    releaseBlock();
    buffer = fillCache ? reader.dataBlock(target) : reader.dataBlockUncached(target, readahead);
    blockIndex = target;
    block.init(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
    return true;
  }

  private void invalidate() {
    valid = false;
    releaseBlock();
  }

  private void releaseBlock() {
    block.clear();
    if (buffer != null) {
      ByteBuf b = buffer;
      buffer = null;
      b.release();
    }
    blockIndex = -1;
  }

  private UncheckedIOException fail(Exception e) {
    IOException cause =
        e instanceof BlockFormatException bfe
            ? reader.corruption(blockIndex, bfe)
            : (IOException) e;
    invalidate();
    return new UncheckedIOException(cause);
  }

  private void checkValid() {
    checkOpen();
    if (!valid) {
      throw new IllegalStateException("iterator is not positioned on an entry");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("iterator already closed");
    }
  }
}
