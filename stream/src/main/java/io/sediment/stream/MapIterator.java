package io.sediment.stream;

import io.sediment.stream.internal.Bytes;
import io.sediment.stream.internal.MapValues;
import io.sediment.stream.internal.ScanChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link StateIterator} over one map's entries: chunks of stored entries, expired ones skipped,
 * each further chunk one SCAN request from just after the last stored key seen.
 */
final class MapIterator<T> implements StateIterator<T> {

  /** Turns a stored entry (user key bytes, stored value) into an element. */
  interface Decoder<T> {
    T decode(byte[] userKey, byte[] stored);
  }

  /** The map's range of stored keys and the chunk size. */
  record Range(byte[] head, byte[] end, int chunk) {}

  /** Live elements of one chunk, the last stored key scanned, and whether more remain. */
  record Chunk<T>(List<T> items, byte[] lastKey, boolean more) {}

  private final StateBinding<?> b;
  private final Range range;
  private final Decoder<T> decoder;
  private final Chunk<T> first;
  private boolean consumed;

  MapIterator(StateBinding<?> b, Range range, Decoder<T> decoder, Chunk<T> first) {
    this.b = b;
    this.range = range;
    this.decoder = decoder;
    this.first = first;
  }

  /**
   * The first chunk from {@code from} holding a live element, or the last one: a chunk of expired
   * entries only is followed by the next.
   */
  static <T> StateFuture<Chunk<T>> load(
      StateBinding<?> b, Range range, byte[] from, Decoder<T> decoder) {
    return b.scan(from, range.end(), range.chunk())
        .thenCompose(
            raw -> {
              Chunk<T> c = decode(b, range, (ScanChunk) raw, decoder);
              if (c.items().isEmpty() && c.more()) {
                return load(b, range, Bytes.next(c.lastKey()), decoder);
              }
              return StateFutures.completed(c);
            });
  }

  private static <T> Chunk<T> decode(
      StateBinding<?> b, Range range, ScanChunk scan, Decoder<T> decoder) {
    List<T> items = new ArrayList<>(scan.keys().size());
    long now = b.hasTtl() ? b.now() : 0;
    byte[] last = null;
    for (int i = 0; i < scan.keys().size(); i++) {
      byte[] key = scan.keys().get(i);
      byte[] stored = scan.values().get(i);
      last = key;
      if (MapValues.live(stored, b.ttlMillis(), now)) {
        byte[] userKey = Arrays.copyOfRange(key, range.head().length, key.length);
        items.add(decoder.decode(userKey, stored));
      }
    }
    return new Chunk<>(items, last, scan.more());
  }

  @Override
  public boolean isEmpty() {
    return first.items().isEmpty();
  }

  @Override
  public StateFuture<Void> onNext(Consumer<? super T> action) {
    if (consumed) {
      throw new IllegalStateException("a state iterator is consumed once");
    }
    if (action == null) {
      throw new IllegalArgumentException("action must not be null");
    }
    consumed = true;
    return drain(first, action);
  }

  private StateFuture<Void> drain(Chunk<T> chunk, Consumer<? super T> action) {
    chunk.items().forEach(action);
    if (!chunk.more()) {
      return StateFutures.completed(null);
    }
    return load(b, range, Bytes.next(chunk.lastKey()), decoder).thenCompose(c -> drain(c, action));
  }
}
