package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.internal.Bytes;
import io.sediment.stream.internal.StateKeyLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timers of one time domain of one operator instance: in memory, ordered by time, for firing;
 * and in the instance's store, one empty entry per timer, so that they are part of its checkpoints
 * and follow their key groups through a restore or rescale. A timer's stored key is the state
 * layout's head of the domain's reserved state ({@value #EVENT_TIME} or {@value #PROCESSING_TIME},
 * declared in every store so no operator state can take its prefix) with the timestamp as the
 * namespace:
 *
 * <pre>
 * [key group][state id of the reserved state][key length: 4][key][8: namespace length][timestamp: 8]
 * </pre>
 *
 * Used on the task thread only; the store writes are direct (not batched), and land before the next
 * checkpoint's flush because checkpoints run on the same thread.
 *
 * @param <K> the key type
 */
final class KeyedTimers<K> {

  /** The reserved state that holds the event-time timers. */
  static final String EVENT_TIME = "sediment.runtime.event-time-timers";

  /** The reserved state that holds the processing-time timers. */
  static final String PROCESSING_TIME = "sediment.runtime.processing-time-timers";

  /** The declarations that reserve the timers' prefixes in each store. */
  static final List<StateDescriptor<?>> RESERVATIONS =
      List.of(
          StateDescriptor.value(EVENT_TIME, Serializers.bytes()),
          StateDescriptor.value(PROCESSING_TIME, Serializers.bytes()));

  private static final byte[] EMPTY = new byte[0];

  /** A timer to fire. */
  record Timer<K>(long timestamp, K key) {}

  private final Db db;
  private final StateKeyLayout layout;
  private final int stateId;
  private final Serializer<K> keys;
  private final KeyGroupRange range;
  private final int maxParallelism;
  private final TreeMap<Long, Map<ByteBuffer, K>> byTime = new TreeMap<>();
  private int size;

  KeyedTimers(
      String stateName, Db db, Serializer<K> keys, KeyGroupRange range, int maxParallelism) {
    this.stateId = StateKeyLayout.stateId(stateName);
    this.db = db;
    this.layout = new StateKeyLayout(maxParallelism);
    this.keys = keys;
    this.range = range;
    this.maxParallelism = maxParallelism;
  }

  /** Reads the timers of this instance's key groups from the store (after a restore). */
  void load() throws IOException {
    KeyGroupPrefix prefix = layout.keyGroupPrefix();
    int p = prefix.prefixBytes();
    for (int kg = range.start(); kg <= range.end(); kg++) {
      byte[] lower = new byte[p + 4];
      prefix.write(kg, lower, 0);
      Bytes.writeInt(lower, p, stateId);
      ReadOptions ro = ReadOptions.defaults().lowerBound(lower).upperBound(Bytes.prefixEnd(lower));
      try (DbIterator it = db.newIterator(ro)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] stored = it.key();
          int keyLength = Bytes.readInt(stored, p + 4);
          byte[] key = Arrays.copyOfRange(stored, p + 8, p + 8 + keyLength);
          long timestamp = Bytes.readLong(stored, p + 12 + keyLength);
          add(timestamp, key, keys.deserialize(key));
        }
      }
    }
  }

  /**
   * Adds a timer of {@code key} (in {@code keyGroup}) at {@code timestamp} unless it exists.
   *
   * @throws IOException naming the store if it cannot record it
   */
  void register(K key, int keyGroup, long timestamp) throws IOException {
    byte[] serialized = keys.serialize(key);
    if (add(timestamp, serialized, key)) {
      db.put(storedKey(keyGroup, serialized, timestamp), EMPTY);
    }
  }

  /**
   * Removes and returns every timer at or before {@code watermark}, oldest first, deleting them
   * from the store.
   *
   * @throws IOException naming the store if a deletion fails
   */
  List<Timer<K>> pollUpTo(long watermark) throws IOException {
    List<Timer<K>> due = new ArrayList<>();
    while (!byTime.isEmpty() && byTime.firstKey() <= watermark) {
      Map.Entry<Long, Map<ByteBuffer, K>> first = byTime.pollFirstEntry();
      for (Map.Entry<ByteBuffer, K> e : first.getValue().entrySet()) {
        byte[] serialized = e.getKey().array();
        int kg = KeyGroups.assign(e.getValue().hashCode(), maxParallelism);
        db.delete(storedKey(kg, serialized, first.getKey()));
        due.add(new Timer<>(first.getKey(), e.getValue()));
        size--;
      }
    }
    return due;
  }

  /**
   * Deletes the timer of {@code key} (in {@code keyGroup}) at {@code timestamp} if there is one.
   *
   * @throws IOException naming the store if it cannot record it
   */
  void delete(K key, int keyGroup, long timestamp) throws IOException {
    Map<ByteBuffer, K> at = byTime.get(timestamp);
    if (at == null) {
      return;
    }
    byte[] serialized = keys.serialize(key);
    if (at.remove(ByteBuffer.wrap(serialized)) == null) {
      return;
    }
    size--;
    if (at.isEmpty()) {
      byTime.remove(timestamp);
    }
    db.delete(storedKey(keyGroup, serialized, timestamp));
  }

  /** The earliest timer's timestamp, or {@link Long#MAX_VALUE} when there is none. */
  long nextTimestamp() {
    return byTime.isEmpty() ? Long.MAX_VALUE : byTime.firstKey();
  }

  /** Timers registered and not fired. */
  int size() {
    return size;
  }

  private boolean add(long timestamp, byte[] serialized, K key) {
    Map<ByteBuffer, K> at = byTime.computeIfAbsent(timestamp, t -> new LinkedHashMap<>());
    if (at.putIfAbsent(ByteBuffer.wrap(serialized), key) != null) {
      return false;
    }
    size++;
    return true;
  }

  private byte[] storedKey(int keyGroup, byte[] serializedKey, long timestamp) {
    byte[] namespace = new byte[Long.BYTES];
    Bytes.writeLong(namespace, 0, timestamp);
    return layout.head(keyGroup, stateId, serializedKey, namespace);
  }
}
