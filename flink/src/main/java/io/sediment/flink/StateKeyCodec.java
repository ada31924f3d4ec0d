package io.sediment.flink;

import io.sediment.keygroups.KeyGroupPrefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The store key layout of keyed state: {@code keyGroup | stateId | keyLen | key | nsLen | namespace
 * [| userKey]}. The key-group prefix comes first (the store declares its key groups, and a
 * key-group range is a key range, which is what restore at another parallelism relies on); the
 * state id is the state's name, length-prefixed, so that every backend instance derives the same id
 * without coordination (the role column families play in RocksDB); key and namespace carry their
 * lengths so that a prefix never matches another key or namespace. Map entries append the
 * serialized user key.
 *
 * <p>Not thread-safe: one codec per state, used by the task thread.
 */
final class StateKeyCodec {

  private final KeyGroupPrefix keyGroups;
  private final byte[] stateId;
  private final DataOutputSerializer out = new DataOutputSerializer(128);
  private final DataOutputSerializer part = new DataOutputSerializer(64);

  StateKeyCodec(KeyGroupPrefix keyGroups, String stateName) {
    this.keyGroups = keyGroups;
    this.stateId = stateId(stateName);
  }

  /** The state-id bytes of {@code stateName}: a 2-byte length and the UTF-8 name. */
  static byte[] stateId(String stateName) {
    byte[] name = stateName.getBytes(StandardCharsets.UTF_8);
    if (name.length > 0xFFFF) {
      throw new IllegalArgumentException("state name longer than 65535 bytes: " + stateName);
    }
    byte[] id = new byte[2 + name.length];
    id[0] = (byte) (name.length >>> 8);
    id[1] = (byte) name.length;
    System.arraycopy(name, 0, id, 2, name.length);
    return id;
  }

  /** {@code keyGroup | stateId}: every entry of this state in one key group starts with it. */
  byte[] keyGroupPrefix(int keyGroup) {
    byte[] kg = keyGroups.encode(keyGroup);
    byte[] p = Arrays.copyOf(kg, kg.length + stateId.length);
    System.arraycopy(stateId, 0, p, kg.length, stateId.length);
    return p;
  }

  /** The key of (key, namespace) in {@code keyGroup}: the value key, or the map-entry prefix. */
  <K, N> byte[] key(
      int keyGroup,
      K key,
      TypeSerializer<K> keySerializer,
      N namespace,
      TypeSerializer<N> namespaceSerializer)
      throws IOException {
    out.clear();
    out.write(keyGroups.encode(keyGroup));
    out.write(stateId);
    writeWithLength(key, keySerializer);
    writeWithLength(namespace, namespaceSerializer);
    return out.getCopyOfBuffer();
  }

  /** {@code prefix | userKey}. */
  <UK> byte[] mapKey(byte[] prefix, UK userKey, TypeSerializer<UK> userKeySerializer)
      throws IOException {
    part.clear();
    userKeySerializer.serialize(userKey, part);
    byte[] out = Arrays.copyOf(prefix, prefix.length + part.length());
    System.arraycopy(part.getSharedBuffer(), 0, out, prefix.length, part.length());
    return out;
  }

  private <T> void writeWithLength(T value, TypeSerializer<T> serializer) throws IOException {
    part.clear();
    serializer.serialize(value, part);
    out.writeInt(part.length());
    out.write(part.getSharedBuffer(), 0, part.length());
  }

  /** Length of the key-group prefix plus the state id. */
  int headerLength() {
    return keyGroups.prefixBytes() + stateId.length;
  }

  /** Reads the key of a full store key of this state. */
  <K> K readKey(byte[] storeKey, TypeSerializer<K> keySerializer) throws IOException {
    int len = readInt(storeKey, headerLength());
    return keySerializer.deserialize(new DataInputDeserializer(storeKey, headerLength() + 4, len));
  }

  /** Reads the namespace of a full store key of this state. */
  <N> N readNamespace(byte[] storeKey, TypeSerializer<N> namespaceSerializer) throws IOException {
    int at = headerLength();
    int keyLen = readInt(storeKey, at);
    at += 4 + keyLen;
    int nsLen = readInt(storeKey, at);
    return namespaceSerializer.deserialize(new DataInputDeserializer(storeKey, at + 4, nsLen));
  }

  /** Where the user key of a map entry starts in a full store key. */
  int userKeyOffset(byte[] storeKey) {
    int at = headerLength();
    at += 4 + readInt(storeKey, at);
    at += 4 + readInt(storeKey, at);
    return at;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  /** The smallest key greater than every key starting with {@code prefix}; null if none. */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
