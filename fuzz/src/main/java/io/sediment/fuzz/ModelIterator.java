package io.sediment.fuzz;

import io.sediment.lsm.DbIterator;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;

/**
 * {@link DbIterator} over a map that is never changed while the iterator lives, within optional
 * bounds {@code [lower, upper)}: the reference for the engine's iterators. Follows the {@code
 * DbIterator} contract exactly, including {@link IllegalStateException} for {@code next}, {@code
 * prev}, {@code key} and {@code value} when not valid, and for any call after {@link #close()}.
 */
final class ModelIterator implements DbIterator {

  private final NavigableMap<byte[], byte[]> map;
  private Map.Entry<byte[], byte[]> at;
  private boolean closed;

  ModelIterator(NavigableMap<byte[], byte[]> all, byte[] lower, byte[] upper) {
    NavigableMap<byte[], byte[]> m = all;
    if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
      m = ModelStore.newMap(); // ReadOptions refuses this; stay total anyway
    } else if (lower != null && upper != null) {
      m = all.subMap(lower, true, upper, false);
    } else if (lower != null) {
      m = all.tailMap(lower, true);
    } else if (upper != null) {
      m = all.headMap(upper, false);
    }
    this.map = m;
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return at != null;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    at = map.firstEntry();
  }

  @Override
  public void seekToLast() {
    checkOpen();
    at = map.lastEntry();
  }

  @Override
  public void seek(byte[] target) {
    checkOpen();
    // Sub-map views answer a target outside their range with their first (last) entry.
    at = map.ceilingEntry(target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    checkOpen();
    at = map.floorEntry(target);
  }

  @Override
  public void next() {
    checkValid();
    at = map.higherEntry(at.getKey());
  }

  @Override
  public void prev() {
    checkValid();
    at = map.lowerEntry(at.getKey());
  }

  @Override
  public byte[] key() {
    checkValid();
    return at.getKey().clone();
  }

  @Override
  public byte[] value() {
    checkValid();
    return at.getValue().clone();
  }

  @Override
  public void close() {
    closed = true;
    at = null;
  }

  private void checkValid() {
    checkOpen();
    if (at == null) {
      throw new IllegalStateException("iterator is not positioned at a key");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
  }
}
