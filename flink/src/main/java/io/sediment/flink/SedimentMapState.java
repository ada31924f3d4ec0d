package io.sediment.flink;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.internal.InternalMapState;

/**
 * {@link org.apache.flink.api.common.state.MapState}: one store entry per map entry, at the
 * composite key followed by the serialized user key; the value is a null flag byte and the
 * serialized user value (so null values are kept). Iteration is a prefix scan, read into memory per
 * call, so the returned iterators stay valid while the map is changed through the state.
 */
final class SedimentMapState<K, N, UK, UV> extends AbstractSedimentState<K, N, Map<UK, UV>>
    implements InternalMapState<K, N, UK, UV> {

  SedimentMapState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<Map<UK, UV>> valueSerializer) {
    super(context, name, namespaceSerializer, valueSerializer);
  }

  private TypeSerializer<UK> userKeySerializer() {
    return ((MapSerializer<UK, UV>) valueSerializer).getKeySerializer();
  }

  private TypeSerializer<UV> userValueSerializer() {
    return ((MapSerializer<UK, UV>) valueSerializer).getValueSerializer();
  }

  private byte[] entryKey(UK userKey) throws IOException {
    return codec.mapKey(currentKey(), userKey, userKeySerializer());
  }

  private byte[] encodeValue(UV value) throws IOException {
    return encodeEntryValue(value, userValueSerializer(), valueOut);
  }

  private UV decodeValue(byte[] bytes) throws IOException {
    return decodeEntryValue(bytes, userValueSerializer());
  }

  /** A map entry's stored value: a null flag byte, then the serialized value unless null. */
  static <UV> byte[] encodeEntryValue(
      UV value, TypeSerializer<UV> serializer, DataOutputSerializer buffer) throws IOException {
    if (value == null) {
      return new byte[] {1};
    }
    buffer.clear();
    buffer.writeBoolean(false);
    serializer.serialize(value, buffer);
    return buffer.getCopyOfBuffer();
  }

  /** The value of a stored map entry written by {@link #encodeEntryValue}. */
  static <UV> UV decodeEntryValue(byte[] bytes, TypeSerializer<UV> serializer) throws IOException {
    if (bytes[0] != 0) {
      return null;
    }
    return serializer.deserialize(new DataInputDeserializer(bytes, 1, bytes.length - 1));
  }

  @Override
  public UV get(UK key) throws IOException {
    byte[] bytes = db().get(entryKey(key));
    return bytes == null ? null : decodeValue(bytes);
  }

  @Override
  public void put(UK key, UV value) throws IOException {
    db().put(entryKey(key), encodeValue(value));
  }

  @Override
  public void putAll(Map<UK, UV> map) throws IOException {
    if (map == null || map.isEmpty()) {
      return;
    }
    WriteBatch batch = new WriteBatch();
    for (Map.Entry<UK, UV> e : map.entrySet()) {
      batch.put(entryKey(e.getKey()), encodeValue(e.getValue()));
    }
    db().write(batch);
  }

  @Override
  public void remove(UK key) throws IOException {
    db().delete(entryKey(key));
  }

  @Override
  public boolean contains(UK key) throws IOException {
    return db().get(entryKey(key)) != null;
  }

  @Override
  public Iterable<Map.Entry<UK, UV>> entries() throws IOException {
    return readAll();
  }

  @Override
  public Iterable<UK> keys() throws IOException {
    List<UK> keys = new ArrayList<>();
    for (Map.Entry<UK, UV> e : readAll()) {
      keys.add(e.getKey());
    }
    return keys;
  }

  @Override
  public Iterable<UV> values() throws IOException {
    List<UV> values = new ArrayList<>();
    for (Map.Entry<UK, UV> e : readAll()) {
      values.add(e.getValue());
    }
    return values;
  }

  @Override
  public Iterator<Map.Entry<UK, UV>> iterator() throws IOException {
    return readAll().iterator();
  }

  @Override
  public boolean isEmpty() throws IOException {
    try (DbIterator it = scan(currentKey())) {
      it.seekToFirst();
      return !it.isValid();
    }
  }

  /**
   * Every entry of the current key and namespace; removals through the iterator reach the store.
   */
  private List<Map.Entry<UK, UV>> readAll() throws IOException {
    byte[] prefix = currentKey();
    List<Map.Entry<UK, UV>> out = new ArrayList<>();
    try (DbIterator it = scan(prefix)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        UK userKey =
            userKeySerializer()
                .deserialize(
                    new DataInputDeserializer(key, prefix.length, key.length - prefix.length));
        out.add(new StoreEntry(key, userKey, decodeValue(it.value())));
      }
    }
    return new RemovingList(out);
  }

  @Override
  public void clear() {
    try {
      byte[] prefix = currentKey();
      byte[] end = StateKeyCodec.prefixEnd(prefix);
      db().deleteRange(prefix, end);
    } catch (IOException e) {
      throw new UncheckedIOException("clearing state '" + name + "'", e);
    }
  }

  /** A map entry whose {@link #setValue} writes through to the store. */
  private final class StoreEntry extends AbstractMap.SimpleEntry<UK, UV> {
    private static final long serialVersionUID = 1L;
    private final transient byte[] storeKey;

    StoreEntry(byte[] storeKey, UK key, UV value) {
      super(key, value);
      this.storeKey = storeKey;
    }

    @Override
    public UV setValue(UV value) {
      try {
        db().put(storeKey, encodeValue(value));
      } catch (IOException e) {
        throw new UncheckedIOException("updating state '" + name + "'", e);
      }
      return super.setValue(value);
    }
  }

  /** The read entries; {@code iterator().remove()} deletes the entry from the store too. */
  private final class RemovingList extends java.util.AbstractList<Map.Entry<UK, UV>> {
    private final List<Map.Entry<UK, UV>> entries;

    RemovingList(List<Map.Entry<UK, UV>> entries) {
      this.entries = entries;
    }

    @Override
    public Map.Entry<UK, UV> get(int index) {
      return entries.get(index);
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map.Entry<UK, UV> remove(int index) {
      StoreEntry e = (StoreEntry) entries.remove(index);
      try {
        db().delete(e.storeKey);
      } catch (IOException ex) {
        throw new UncheckedIOException("removing from state '" + name + "'", ex);
      }
      return e;
    }
  }
}
