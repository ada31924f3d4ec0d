package io.sediment.lsm.internal.memtable;

import io.sediment.lsm.internal.InternalIterator;

/**
 * An {@link InternalIterator} over a memtable's point entries. Forward steps are O(1); backward
 * steps search from the top (O(log n)), as in leveldb, because nodes have no back pointers. Sees
 * entries added after it was created if it reaches them; a stable view comes from filtering by
 * sequence number, as readers do.
 */
final class MemTableIterator implements InternalIterator {

  private final SkipList list;
  private SkipList.Node node;
  private boolean closed;

  MemTableIterator(SkipList list) {
    this.list = list;
  }

  @Override
  public boolean isValid() {
    return node != null;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    node = list.head().next(0);
  }

  @Override
  public void seekToLast() {
    checkOpen();
    node = orNull(list.last());
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    checkOpen();
    node = list.lastBefore(target, offset, length, false, null).next(0);
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    checkOpen();
    node = orNull(list.lastBefore(target, offset, length, true, null));
  }

  @Override
  public void next() {
    checkValid();
    node = node.next(0);
  }

  @Override
  public void prev() {
    checkValid();
    node = orNull(list.lastBefore(node.data, 0, node.keyLength, false, null));
  }

  @Override
  public byte[] keyArray() {
    checkValid();
    return node.data;
  }

  @Override
  public int keyOffset() {
    return 0;
  }

  @Override
  public int keyLength() {
    checkValid();
    return node.keyLength;
  }

  @Override
  public byte[] valueArray() {
    checkValid();
    return node.data;
  }

  @Override
  public int valueOffset() {
    checkValid();
    return node.keyLength;
  }

  @Override
  public int valueLength() {
    checkValid();
    return node.valueLength();
  }

  @Override
  public void close() {
    closed = true;
    node = null;
  }

  private SkipList.Node orNull(SkipList.Node n) {
    return n == list.head() ? null : n;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("memtable iterator is closed");
    }
  }

  private void checkValid() {
    if (node == null) {
      throw new IllegalStateException("memtable iterator is not positioned at an entry");
    }
  }
}
