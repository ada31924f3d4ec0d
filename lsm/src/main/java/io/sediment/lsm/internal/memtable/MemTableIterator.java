package io.sediment.lsm.internal.memtable;

import io.sediment.lsm.internal.InternalIterator;

/**
 * An {@link InternalIterator} over a memtable's point entries. Forward steps are O(1); backward
 * steps search from the top (O(log n)), as in leveldb, because nodes have no back pointers. Sees
 * entries added after it was created if it reaches them; a stable view comes from filtering by
 * sequence number, as readers do. Keys and values are slices of the memtable's arena, valid as long
 * as the memtable is reachable.
 */
final class MemTableIterator implements InternalIterator {

  private final SkipList list;
  private int node; // 0: not positioned
  private byte[] array;
  private int keyOffset;
  private int keyLength;
  private boolean closed;

  MemTableIterator(SkipList list) {
    this.list = list;
  }

  @Override
  public boolean isValid() {
    return node != 0;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    moveTo(list.next(list.head(), 0));
  }

  @Override
  public void seekToLast() {
    checkOpen();
    moveTo(orNone(list.last()));
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    checkOpen();
    moveTo(list.next(list.lastBefore(target, offset, length, false, null), 0));
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    checkOpen();
    moveTo(orNone(list.lastBefore(target, offset, length, true, null)));
  }

  @Override
  public void next() {
    checkValid();
    moveTo(list.next(node, 0));
  }

  @Override
  public void prev() {
    checkValid();
    moveTo(orNone(list.lastBefore(array, keyOffset, keyLength, false, null)));
  }

  @Override
  public byte[] keyArray() {
    checkValid();
    return array;
  }

  @Override
  public int keyOffset() {
    checkValid();
    return keyOffset;
  }

  @Override
  public int keyLength() {
    checkValid();
    return keyLength;
  }

  @Override
  public byte[] valueArray() {
    checkValid();
    return array;
  }

  @Override
  public int valueOffset() {
    checkValid();
    return keyOffset + keyLength;
  }

  @Override
  public int valueLength() {
    checkValid();
    return list.valueLength(node);
  }

  @Override
  public void close() {
    closed = true;
    moveTo(0);
  }

  private void moveTo(int n) {
    node = n;
    if (n == 0) {
      array = null;
      return;
    }
    array = list.array(n);
    keyOffset = SkipList.keyOffset(n);
    keyLength = list.keyLength(n);
  }

  private int orNone(int n) {
    return n == list.head() ? 0 : n;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("memtable iterator is closed");
    }
  }

  private void checkValid() {
    if (node == 0) {
      throw new IllegalStateException("memtable iterator is not positioned at an entry");
    }
  }
}
