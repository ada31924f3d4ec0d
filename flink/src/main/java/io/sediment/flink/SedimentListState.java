package io.sediment.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.util.Preconditions;

/**
 * {@link org.apache.flink.api.common.state.ListState} in Flink's list layout (serialized elements
 * joined by one {@code ','} byte): {@link #add} and {@link #addAll} are store merges with the
 * list-append merge function, so appending never reads.
 */
final class SedimentListState<K, N, V> extends AbstractSedimentState<K, N, List<V>>
    implements InternalListState<K, N, V> {

  static final byte DELIMITER = ',';

  SedimentListState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<List<V>> valueSerializer) {
    super(context, name, namespaceSerializer, valueSerializer);
  }

  private TypeSerializer<V> elementSerializer() {
    return ((ListSerializer<V>) valueSerializer).getElementSerializer();
  }

  @Override
  public Iterable<V> get() throws IOException {
    return getInternal();
  }

  @Override
  public List<V> getInternal() throws IOException {
    byte[] bytes = db().get(currentKey());
    return bytes == null ? null : decode(bytes, elementSerializer());
  }

  /** The elements of a value in the list layout. */
  static <V> List<V> decode(byte[] bytes, TypeSerializer<V> elementSerializer) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    List<V> out = new ArrayList<>();
    while (in.available() > 0) {
      out.add(elementSerializer.deserialize(in));
      if (in.available() > 0) {
        byte d = in.readByte();
        if (d != DELIMITER) {
          throw new IOException("list state value has byte " + d + " where ',' belongs");
        }
      }
    }
    return out;
  }

  /** {@code values} in the list layout; null when empty. */
  static <V> byte[] encode(List<V> values, TypeSerializer<V> elementSerializer) throws IOException {
    if (values.isEmpty()) {
      return null;
    }
    DataOutputSerializer out = new DataOutputSerializer(64 * values.size());
    boolean first = true;
    for (V v : values) {
      Preconditions.checkNotNull(v, "You cannot add null to a ListState.");
      if (!first) {
        out.writeByte(DELIMITER);
      }
      first = false;
      elementSerializer.serialize(v, out);
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public void add(V value) throws IOException {
    Preconditions.checkNotNull(value, "You cannot add null to a ListState.");
    db().merge(currentKey(), serialize(value, elementSerializer()));
  }

  @Override
  public void addAll(List<V> values) throws IOException {
    Preconditions.checkNotNull(values, "List of values to add cannot be null.");
    byte[] bytes = encode(values, elementSerializer());
    if (bytes != null) {
      db().merge(currentKey(), bytes);
    }
  }

  @Override
  public void update(List<V> values) throws IOException {
    Preconditions.checkNotNull(values, "List of values to add cannot be null.");
    byte[] bytes = encode(values, elementSerializer());
    if (bytes == null) {
      db().delete(currentKey());
    } else {
      db().put(currentKey(), bytes);
    }
  }

  @Override
  public void updateInternal(List<V> values) throws IOException {
    update(values);
  }

  @Override
  public void mergeNamespaces(N target, Collection<N> sources) throws IOException {
    if (sources == null || sources.isEmpty()) {
      return;
    }
    byte[] targetKey = keyOf(target);
    for (N source : sources) {
      if (source == null) {
        continue;
      }
      byte[] sourceKey = keyOf(source);
      byte[] bytes = db().get(sourceKey);
      if (bytes != null) {
        db().delete(sourceKey);
        db().merge(targetKey, bytes);
      }
    }
  }
}
