package io.sediment.stream;

import io.sediment.stream.internal.Bytes;
import io.sediment.stream.internal.MapValues;
import io.sediment.stream.internal.StateKeyLayout;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link MapState}: one stored entry per user key, after the key's and namespace's head. */
final class MapStateImpl<K, V> implements MapState<K, V> {

  private final StateBinding<?> b;
  private final Serializer<K> keys;
  private final Serializer<V> values;

  MapStateImpl(StateBinding<?> b, Serializer<K> keys, Serializer<V> values) {
    this.b = b;
    this.keys = keys;
    this.values = values;
  }

  private byte[] entryKey(K key) {
    return StateKeyLayout.entry(b.head(), StateBinding.serialize(keys, key, "map key"));
  }

  @Override
  public StateFuture<V> get(K key) {
    return b.get(entryKey(key))
        .thenApply(
            raw -> {
              byte[] stored = (byte[]) raw;
              if (!MapValues.live(stored, b.ttlMillis(), b.now())) {
                return null;
              }
              byte[] p = MapValues.payload(stored, b.ttlMillis());
              return p == null ? null : values.deserialize(p);
            });
  }

  @Override
  public StateFuture<Void> put(K key, V value) {
    byte[] k = entryKey(key);
    byte[] v = value == null ? null : StateBinding.serialize(values, value, "map value");
    return b.put(k, MapValues.encode(b.hasTtl(), b.hasTtl() ? b.now() : 0, v));
  }

  @Override
  public StateFuture<Void> putAll(Map<K, V> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("map entries must not be null");
    }
    List<StateFuture<Void>> puts = new ArrayList<>(entries.size());
    for (Map.Entry<K, V> e : entries.entrySet()) {
      puts.add(put(e.getKey(), e.getValue()));
    }
    return StateFutures.combineAll(puts).thenApply(v -> null);
  }

  @Override
  public StateFuture<Void> remove(K key) {
    return b.delete(entryKey(key));
  }

  @Override
  public StateFuture<Boolean> contains(K key) {
    return b.get(entryKey(key))
        .thenApply(raw -> MapValues.live((byte[]) raw, b.ttlMillis(), b.now()));
  }

  @Override
  public StateFuture<StateIterator<Map.Entry<K, V>>> entries() {
    return iterate(b.chunkSize(), this::entry);
  }

  @Override
  public StateFuture<StateIterator<K>> keys() {
    return iterate(b.chunkSize(), (userKey, stored) -> keys.deserialize(userKey));
  }

  @Override
  public StateFuture<StateIterator<V>> values() {
    return iterate(b.chunkSize(), (userKey, stored) -> value(stored));
  }

  @Override
  public StateFuture<Boolean> isEmpty() {
    return iterate(1, (userKey, stored) -> Boolean.TRUE).thenApply(StateIterator::isEmpty);
  }

  @Override
  public StateFuture<Void> clear() {
    byte[] head = b.head();
    return b.deleteRange(head, Bytes.prefixEnd(head));
  }

  private Map.Entry<K, V> entry(byte[] userKey, byte[] stored) {
    return new AbstractMap.SimpleImmutableEntry<>(keys.deserialize(userKey), value(stored));
  }

  private V value(byte[] stored) {
    byte[] p = MapValues.payload(stored, b.ttlMillis());
    return p == null ? null : values.deserialize(p);
  }

  private <T> StateFuture<StateIterator<T>> iterate(int chunk, MapIterator.Decoder<T> decoder) {
    byte[] head = b.head();
    MapIterator.Range range = new MapIterator.Range(head, Bytes.prefixEnd(head), chunk);
    return MapIterator.load(b, range, head, decoder)
        .thenApply(first -> new MapIterator<>(b, range, decoder, first));
  }
}
