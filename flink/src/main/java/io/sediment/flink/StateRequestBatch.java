package io.sediment.flink;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.v2.State;
import org.apache.flink.api.common.state.v2.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.asyncprocessing.InternalAsyncFuture;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.asyncprocessing.StateRequest;
import org.apache.flink.runtime.asyncprocessing.StateRequestType;
import org.apache.flink.runtime.state.v2.adaptor.CompleteStateIterator;
import org.apache.flink.util.Preconditions;

/**
 * One batch of State V2 requests against a store, in the key layout of State V1 ({@link
 * StateKeyCodec}): every point read of the batch (value, list, reducing and aggregating gets, map
 * gets and contains) is one {@link Db#multiGet} of the sorted keys, which the store resolves level
 * by level; map iterations and emptiness checks are prefix scans; every write (updates, list
 * appends as merges, map puts and removes, clears) goes into one {@link WriteBatch}, written
 * atomically. Reads see the store before the batch's writes. Every request's future is completed
 * once the batch's writes are applied, with its result or, if its own encoding, read or the batch
 * write failed, exceptionally.
 *
 * <p>Serializers are duplicated when the batch is created, on the thread that submits it, so that
 * {@link #run} may run on another thread. One batch is run once, by one thread.
 */
final class StateRequestBatch<K> {

  private final Comparator<Pending> byKey = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

  private final Db db;
  private final KeyGroupPrefix keyGroups;
  private final TypeSerializer<K> keySerializer;
  private final List<StateRequest<?, ?, ?, ?>> requests;
  private final Map<State, Codec> codecs = new IdentityHashMap<>();
  private final DataOutputSerializer buffer = new DataOutputSerializer(128);

  /**
   * @param states the metadata of every state the requests may name
   * @throws IllegalArgumentException if a request names a state not in {@code states}
   */
  StateRequestBatch(
      Db db,
      KeyGroupPrefix keyGroups,
      TypeSerializer<K> keySerializer,
      Map<State, AsyncStateInfo<?>> states,
      List<StateRequest<?, ?, ?, ?>> requests) {
    this.db = db;
    this.keyGroups = keyGroups;
    this.keySerializer = keySerializer.duplicate();
    this.requests = requests;
    for (StateRequest<?, ?, ?, ?> r : requests) {
      State state = r.getState();
      if (state != null && !codecs.containsKey(state)) {
        AsyncStateInfo<?> info = states.get(state);
        if (info == null) {
          throw new IllegalArgumentException(
              "a " + r.getRequestType() + " request names a state this backend did not create");
        }
        codecs.put(state, new Codec(info));
      }
    }
  }

  /** Runs the batch and completes every request's future; never throws. */
  void run() {
    List<Pending> reads = new ArrayList<>();
    List<Pending> scans = new ArrayList<>();
    List<Pending> writes = new ArrayList<>();
    WriteBatch batch = new WriteBatch();
    for (StateRequest<?, ?, ?, ?> r : requests) {
      Pending p = new Pending(r);
      try {
        classify(p, reads, scans, writes, batch);
      } catch (Exception e) {
        p.error = e;
        complete(p);
      }
    }
    readAll(reads);
    for (Pending p : scans) {
      try {
        p.result = scan(p);
      } catch (Exception e) {
        p.error = e;
      }
    }
    if (batch.count() > 0) {
      try {
        db.write(batch);
      } catch (Exception e) {
        for (Pending p : writes) {
          p.error = e;
        }
      }
    }
    for (Pending p : reads) {
      if (p.error == null) {
        try {
          p.result = decodeRead(p);
        } catch (Exception e) {
          p.error = e;
        }
      }
      complete(p);
    }
    scans.forEach(this::complete);
    writes.forEach(this::complete);
  }

  private void classify(
      Pending p, List<Pending> reads, List<Pending> scans, List<Pending> writes, WriteBatch batch)
      throws IOException {
    StateRequest<?, ?, ?, ?> r = p.request;
    switch (r.getRequestType()) {
      case SYNC_POINT:
        complete(p);
        return;
      case VALUE_GET:
      case LIST_GET:
      case REDUCING_GET:
      case AGGREGATING_GET:
        p.key = key(p);
        reads.add(p);
        return;
      case MAP_GET:
      case MAP_CONTAINS:
        p.key = p.codec.keys.mapKey(key(p), r.getPayload(), p.codec.userKey);
        reads.add(p);
        return;
      case MAP_ITER:
      case MAP_ITER_KEY:
      case MAP_ITER_VALUE:
      case MAP_IS_EMPTY:
        p.key = key(p);
        scans.add(p);
        return;
      default:
        encodeWrite(p, batch);
        writes.add(p);
    }
  }

  /** Adds the request's writes to {@code batch}: all of them, or none if encoding fails. */
  @SuppressWarnings("unchecked")
  private void encodeWrite(Pending p, WriteBatch batch) throws IOException {
    StateRequest<?, ?, ?, ?> r = p.request;
    Codec c = p.codec;
    Object payload = r.getPayload();
    switch (r.getRequestType()) {
      case CLEAR:
        {
          byte[] key = key(p);
          if (c.info.type == StateDescriptor.Type.MAP) {
            byte[] end = StateKeyCodec.prefixEnd(key);
            if (end == null) {
              throw new IllegalStateException("map state '" + c.info.name + "' has no key range");
            }
            batch.deleteRange(key, end);
          } else {
            batch.delete(key);
          }
          return;
        }
      case VALUE_UPDATE:
      case REDUCING_ADD:
      case AGGREGATING_ADD:
        {
          byte[] key = key(p);
          if (payload == null) {
            batch.delete(key);
          } else {
            batch.put(key, serialize(payload, c.value));
          }
          return;
        }
      case LIST_ADD:
        {
          Preconditions.checkNotNull(payload, "You cannot add null to a ListState.");
          byte[] key = key(p);
          batch.merge(key, serialize(payload, c.value));
          return;
        }
      case LIST_ADD_ALL:
      case LIST_UPDATE:
        {
          Preconditions.checkNotNull(payload, "List of values to add cannot be null.");
          byte[] key = key(p);
          byte[] bytes = SedimentListState.encode((List<Object>) payload, c.value);
          if (r.getRequestType() == StateRequestType.LIST_UPDATE) {
            if (bytes == null) {
              batch.delete(key);
            } else {
              batch.put(key, bytes);
            }
          } else if (bytes != null) {
            batch.merge(key, bytes);
          }
          return;
        }
      case MAP_PUT:
        {
          Tuple2<Object, Object> entry = (Tuple2<Object, Object>) payload;
          byte[] key = c.keys.mapKey(key(p), entry.f0, c.userKey);
          batch.put(key, SedimentMapState.encodeEntryValue(entry.f1, c.value, buffer));
          return;
        }
      case MAP_PUT_ALL:
        {
          Map<Object, Object> map = (Map<Object, Object>) payload;
          if (map == null || map.isEmpty()) {
            return;
          }
          byte[] prefix = key(p);
          List<byte[]> keys = new ArrayList<>(map.size());
          List<byte[]> values = new ArrayList<>(map.size());
          for (Map.Entry<Object, Object> e : map.entrySet()) {
            keys.add(c.keys.mapKey(prefix, e.getKey(), c.userKey));
            values.add(SedimentMapState.encodeEntryValue(e.getValue(), c.value, buffer));
          }
          for (int i = 0; i < keys.size(); i++) {
            batch.put(keys.get(i), values.get(i));
          }
          return;
        }
      case MAP_REMOVE:
        batch.delete(c.keys.mapKey(key(p), payload, c.userKey));
        return;
      default:
        throw new UnsupportedOperationException(
            "state '"
                + (c == null ? "?" : c.info.name)
                + "': request type "
                + r.getRequestType()
                + " is not served by the Sediment backend");
    }
  }

  private void readAll(List<Pending> reads) {
    if (reads.isEmpty()) {
      return;
    }
    reads.sort(byKey);
    List<byte[]> keys = new ArrayList<>(reads.size());
    for (Pending p : reads) {
      keys.add(p.key);
    }
    try {
      List<byte[]> values = db.multiGet(keys);
      for (int i = 0; i < reads.size(); i++) {
        reads.get(i).raw = values.get(i);
      }
    } catch (Exception e) {
      for (Pending p : reads) {
        p.error = e;
      }
    }
  }

  private Object decodeRead(Pending p) throws IOException {
    Codec c = p.codec;
    byte[] raw = p.raw;
    switch (p.request.getRequestType()) {
      case MAP_CONTAINS:
        return raw != null;
      case MAP_GET:
        return raw == null ? null : SedimentMapState.decodeEntryValue(raw, c.value);
      case LIST_GET:
        return new CompleteStateIterator<>(
            raw == null ? List.of() : SedimentListState.decode(raw, c.value));
      default:
        return raw == null ? null : c.value.deserialize(new DataInputDeserializer(raw));
    }
  }

  private Object scan(Pending p) throws IOException {
    Codec c = p.codec;
    byte[] prefix = p.key;
    ReadOptions ro = ReadOptions.defaults().lowerBound(prefix);
    byte[] end = StateKeyCodec.prefixEnd(prefix);
    if (end != null) {
      ro = ro.upperBound(end);
    }
    boolean emptyCheck = p.request.getRequestType() == StateRequestType.MAP_IS_EMPTY;
    List<Object> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      it.seekToFirst();
      if (emptyCheck) {
        return !it.isValid();
      }
      for (; it.isValid(); it.next()) {
        byte[] key = it.key();
        Object userKey =
            c.userKey.deserialize(
                new DataInputDeserializer(key, prefix.length, key.length - prefix.length));
        Object value = SedimentMapState.decodeEntryValue(it.value(), c.value);
        switch (p.request.getRequestType()) {
          case MAP_ITER_KEY:
            out.add(userKey);
            break;
          case MAP_ITER_VALUE:
            out.add(value);
            break;
          default:
            out.add(new AbstractMap.SimpleImmutableEntry<>(userKey, value));
        }
      }
    }
    return new CompleteStateIterator<>(out);
  }

  @SuppressWarnings("unchecked")
  private void complete(Pending p) {
    InternalAsyncFuture<Object> f = (InternalAsyncFuture<Object>) p.request.getFuture();
    if (p.error != null) {
      String state = p.codec == null ? "?" : p.codec.info.name;
      f.completeExceptionally(
          "Sediment state '" + state + "': " + p.request.getRequestType() + " failed", p.error);
    } else {
      f.complete(p.result);
    }
  }

  private byte[] key(Pending p) throws IOException {
    Codec c = p.codec;
    if (c == null) {
      throw new IllegalArgumentException(
          "a " + p.request.getRequestType() + " request names no state");
    }
    Object namespace = p.request.getNamespace();
    if (namespace == null) {
      namespace = c.info.defaultNamespace;
    }
    @SuppressWarnings("unchecked")
    K key = (K) p.request.getRecordContext().getKey();
    return c.keys.key(
        p.request.getRecordContext().getKeyGroup(), key, keySerializer, namespace, c.namespace);
  }

  private byte[] serialize(Object value, TypeSerializer<Object> serializer) throws IOException {
    buffer.clear();
    serializer.serialize(value, buffer);
    return buffer.getCopyOfBuffer();
  }

  /** A request of the batch and what the batch found for it. */
  private final class Pending {
    final StateRequest<?, ?, ?, ?> request;
    final Codec codec;
    byte[] key;
    byte[] raw;
    Object result;
    Exception error;

    Pending(StateRequest<?, ?, ?, ?> request) {
      this.request = request;
      this.codec = request.getState() == null ? null : codecs.get(request.getState());
    }
  }

  /** The key codec and duplicated serializers of one state, owned by this batch. */
  private final class Codec {
    final AsyncStateInfo<?> info;
    final StateKeyCodec keys;
    final TypeSerializer<Object> namespace;
    final TypeSerializer<Object> value;
    final TypeSerializer<Object> userKey;

    @SuppressWarnings("unchecked")
    Codec(AsyncStateInfo<?> info) {
      this.info = info;
      this.keys = new StateKeyCodec(keyGroups, info.name);
      this.namespace = (TypeSerializer<Object>) info.namespaceSerializer.duplicate();
      this.value = (TypeSerializer<Object>) info.valueSerializer.duplicate();
      this.userKey =
          info.userKeySerializer == null
              ? null
              : (TypeSerializer<Object>) info.userKeySerializer.duplicate();
    }
  }
}
