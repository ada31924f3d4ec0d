package io.sediment.lsm.internal.iterator;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Merges n {@link InternalIterator}s into one, in internal-key order, both directions, after
 * leveldb's MergingIterator: a binary heap of the positioned children (a min-heap moving forward, a
 * max-heap moving backward); the current entry is the heap's top.
 *
 * <p>Changing direction re-positions every child other than the current one around the current key
 * (after it when moving forward, before it when moving backward) and rebuilds the heap; steps in
 * one direction move only the top child and sift it down, O(log n) compares and no allocation. The
 * key and value accessors expose the current child's buffers.
 *
 * <p>Internal keys are expected to be unique across children (sequence numbers are). Closing this
 * iterator closes every child. An {@link UncheckedIOException} from a child leaves this iterator
 * invalid.
 */
public final class MergingIterator implements InternalIterator {

  private final InternalIterator[] children;
  private final int[] heap; // child indexes; heap[0] is the current child
  private int size;
  private boolean forward = true;
  private boolean closed;

  /** Merges {@code children}; takes ownership of them (closes them on {@link #close()}). */
  public MergingIterator(List<InternalIterator> children) {
    if (children == null) {
      throw new IllegalArgumentException("children must not be null");
    }
    this.children = children.toArray(new InternalIterator[0]);
    for (int i = 0; i < this.children.length; i++) {
      if (this.children[i] == null) {
        throw new IllegalArgumentException("child " + i + " is null");
      }
    }
    this.heap = new int[this.children.length];
  }

  @Override
  public boolean isValid() {
    return size > 0;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    try {
      for (InternalIterator c : children) {
        c.seekToFirst();
      }
      rebuild(true);
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public void seekToLast() {
    checkOpen();
    try {
      for (InternalIterator c : children) {
        c.seekToLast();
      }
      rebuild(false);
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    checkOpen();
    try {
      for (InternalIterator c : children) {
        c.seek(target, offset, length);
      }
      rebuild(true);
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    checkOpen();
    try {
      for (InternalIterator c : children) {
        c.seekForPrev(target, offset, length);
      }
      rebuild(false);
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public void next() {
    checkValid();
    try {
      if (!forward) {
        // Put every other child at its first entry after the current key.
        InternalIterator current = children[heap[0]];
        byte[] k = current.keyArray();
        int off = current.keyOffset();
        int len = current.keyLength();
        for (int i = 0; i < children.length; i++) {
          InternalIterator c = children[i];
          if (c == current) {
            continue;
          }
          c.seek(k, off, len);
          if (c.isValid()
              && InternalKey.compare(c.keyArray(), c.keyOffset(), c.keyLength(), k, off, len)
                  == 0) {
            c.next();
          }
        }
        current.next();
        rebuild(true);
        return;
      }
      InternalIterator top = children[heap[0]];
      top.next();
      if (top.isValid()) {
        siftDown(0);
      } else {
        removeTop();
      }
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public void prev() {
    checkValid();
    try {
      if (forward) {
        // Put every other child at its last entry before the current key.
        InternalIterator current = children[heap[0]];
        byte[] k = current.keyArray();
        int off = current.keyOffset();
        int len = current.keyLength();
        for (int i = 0; i < children.length; i++) {
          InternalIterator c = children[i];
          if (c == current) {
            continue;
          }
          c.seekForPrev(k, off, len);
          if (c.isValid()
              && InternalKey.compare(c.keyArray(), c.keyOffset(), c.keyLength(), k, off, len)
                  == 0) {
            c.prev();
          }
        }
        current.prev();
        rebuild(false);
        return;
      }
      InternalIterator top = children[heap[0]];
      top.prev();
      if (top.isValid()) {
        siftDown(0);
      } else {
        removeTop();
      }
    } catch (RuntimeException e) {
      size = 0;
      throw e;
    }
  }

  @Override
  public byte[] keyArray() {
    checkValid();
    return children[heap[0]].keyArray();
  }

  @Override
  public int keyOffset() {
    return children[heap[0]].keyOffset();
  }

  @Override
  public int keyLength() {
    return children[heap[0]].keyLength();
  }

  @Override
  public byte[] valueArray() {
    checkValid();
    return children[heap[0]].valueArray();
  }

  @Override
  public int valueOffset() {
    return children[heap[0]].valueOffset();
  }

  @Override
  public int valueLength() {
    return children[heap[0]].valueLength();
  }

  /** Closes every child (all of them, even if one fails; the first failure is rethrown). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    size = 0;
    RuntimeException failure = null;
    for (InternalIterator c : children) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void rebuild(boolean forward) {
    this.forward = forward;
    size = 0;
    for (int i = 0; i < children.length; i++) {
      if (children[i].isValid()) {
        heap[size++] = i;
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  private void removeTop() {
    size--;
    if (size > 0) {
      heap[0] = heap[size];
      siftDown(0);
    }
  }

  private void siftDown(int i) {
    int item = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(heap[child + 1], heap[child])) {
        child++;
      }
      if (!before(heap[child], item)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = item;
  }

  /** Whether child a's entry comes out before child b's in the current direction. */
  private boolean before(int a, int b) {
    InternalIterator x = children[a];
    InternalIterator y = children[b];
    int c =
        InternalKey.compare(
            x.keyArray(), x.keyOffset(), x.keyLength(), y.keyArray(), y.keyOffset(), y.keyLength());
    // Ties (not expected) break by child index, so the order is deterministic.
    if (c == 0) {
      return forward ? a < b : a > b;
    }
    return forward ? c < 0 : c > 0;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("merging iterator is closed");
    }
  }

  private void checkValid() {
    checkOpen();
    if (size == 0) {
      throw new IllegalStateException("merging iterator is not positioned at an entry");
    }
  }
}
