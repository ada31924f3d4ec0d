package io.sediment.flink;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.internal.InternalKvState;

/**
 * Base of the keyed states stored in Sediment: one state is every store key with its state id
 * ({@link StateKeyCodec}), the value of (current key, current namespace) is read and written at its
 * composite key. Used by the task thread only.
 *
 * @param <K> key type
 * @param <N> namespace type
 * @param <V> type of the state's value as {@link InternalKvState} sees it
 */
abstract class AbstractSedimentState<K, N, V> implements InternalKvState<K, N, V> {

  final StateContext<K> context;
  final String name;
  final StateKeyCodec codec;
  TypeSerializer<N> namespaceSerializer;
  TypeSerializer<V> valueSerializer;
  N currentNamespace;
  final DataOutputSerializer valueOut = new DataOutputSerializer(128);
  final DataInputDeserializer valueIn = new DataInputDeserializer();

  AbstractSedimentState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<V> valueSerializer) {
    this.context = context;
    this.name = name;
    this.codec = new StateKeyCodec(context.keyGroupPrefix(), name);
    this.namespaceSerializer = namespaceSerializer;
    this.valueSerializer = valueSerializer;
  }

  /** Takes the serializers of a re-registration of the same state. */
  void updateSerializers(TypeSerializer<N> namespaceSerializer, TypeSerializer<V> valueSerializer) {
    this.namespaceSerializer = namespaceSerializer;
    this.valueSerializer = valueSerializer;
  }

  @Override
  public TypeSerializer<K> getKeySerializer() {
    return context.keySerializer();
  }

  @Override
  public TypeSerializer<N> getNamespaceSerializer() {
    return namespaceSerializer;
  }

  @Override
  public TypeSerializer<V> getValueSerializer() {
    return valueSerializer;
  }

  @Override
  public void setCurrentNamespace(N namespace) {
    this.currentNamespace = namespace;
  }

  Db db() {
    return context.db();
  }

  /** Composite key of the current key and {@code namespace}. */
  byte[] keyOf(N namespace) throws IOException {
    return codec.key(
        context.currentKeyGroup(),
        context.currentKey(),
        context.keySerializer(),
        namespace,
        namespaceSerializer);
  }

  /** Composite key of the current key and namespace. */
  byte[] currentKey() throws IOException {
    return keyOf(currentNamespace);
  }

  <T> byte[] serialize(T value, TypeSerializer<T> serializer) throws IOException {
    valueOut.clear();
    serializer.serialize(value, valueOut);
    return valueOut.getCopyOfBuffer();
  }

  <T> T deserialize(byte[] bytes, TypeSerializer<T> serializer) throws IOException {
    valueIn.setBuffer(bytes);
    return serializer.deserialize(valueIn);
  }

  @Override
  public void clear() {
    try {
      db().delete(currentKey());
    } catch (IOException e) {
      throw new UncheckedIOException("clearing state '" + name + "'", e);
    }
  }

  /**
   * Queryable state, the only caller of this method, is not part of Flink 2.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public byte[] getSerializedValue(
      byte[] serializedKeyAndNamespace,
      TypeSerializer<K> safeKeySerializer,
      TypeSerializer<N> safeNamespaceSerializer,
      TypeSerializer<V> safeValueSerializer) {
    throw new UnsupportedOperationException(
        "state '" + name + "': serialized (queryable-state) access is not supported");
  }

  /**
   * Flink's per-entry state visitor serves the heap backend's incremental TTL cleanup; a Sediment
   * store drops expired state in compaction instead.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public StateIncrementalVisitor<K, N, V> getStateIncrementalVisitor(
      int recommendedMaxNumberOfReturnedRecords) {
    throw new UnsupportedOperationException(
        "state '" + name + "': incremental state visiting is a heap-backend feature");
  }

  /** Iterator over every entry whose key starts with {@code prefix}. */
  DbIterator scan(byte[] prefix) throws IOException {
    ReadOptions ro = ReadOptions.defaults().lowerBound(prefix);
    byte[] end = StateKeyCodec.prefixEnd(prefix);
    if (end != null) {
      ro = ro.upperBound(end);
    }
    return db().newIterator(ro);
  }

  /** Folds two stored values into one; may throw what the user's function throws. */
  interface Combiner<V> {
    V combine(V first, V second) throws Exception;
  }

  /**
   * Merges the stored values of the namespaces {@code sources} into {@code target} (what merging
   * windows ask of reducing and aggregating state): each source's value is deleted and folded in,
   * in order, then the target's own value, and the result is written to the target. Nothing is
   * written when no source holds a value.
   */
  void mergeStoredValues(N target, Collection<N> sources, Combiner<V> combiner) throws Exception {
    if (sources == null || sources.isEmpty()) {
      return;
    }
    V merged = null;
    for (N source : sources) {
      if (source == null) {
        continue;
      }
      byte[] key = keyOf(source);
      byte[] bytes = db().get(key);
      if (bytes != null) {
        db().delete(key);
        V v = deserialize(bytes, valueSerializer);
        merged = merged == null ? v : combiner.combine(merged, v);
      }
    }
    if (merged != null) {
      byte[] targetKey = keyOf(target);
      byte[] bytes = db().get(targetKey);
      if (bytes != null) {
        merged = combiner.combine(merged, deserialize(bytes, valueSerializer));
      }
      db().put(targetKey, serialize(merged, valueSerializer));
    }
  }
}
