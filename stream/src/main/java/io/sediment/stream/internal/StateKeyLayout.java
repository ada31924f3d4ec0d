package io.sediment.stream.internal;

import io.sediment.keygroups.KeyGroupPrefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a state's stored keys are laid out, so that every state of a store has its own key prefix
 * within each key group and a key's namespace of a state is one contiguous range:
 *
 * <pre>
 * [key-group prefix: 1 or 2 bytes][state id: 4][key length: 4][key][namespace length: 4][namespace][map user key]
 * </pre>
 *
 * The key group comes first so the store can declare its key-group range (and be rescaled by
 * clipping it); lengths make the key and namespace unambiguous; a map's user key comes last, so a
 * map's entries for one key and namespace are the range of keys starting with the head before it.
 */
public final class StateKeyLayout {

  private final KeyGroupPrefix prefix;

  /** The layout for a store of {@code maxParallelism} key groups. */
  public StateKeyLayout(int maxParallelism) {
    this.prefix = KeyGroupPrefix.forMaxParallelism(maxParallelism);
  }

  /** The id of the state named {@code name}: the first 4 bytes of SHA-256 of its UTF-8 bytes. */
  public static int stateId(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The key-group prefix. */
  public KeyGroupPrefix keyGroupPrefix() {
    return prefix;
  }

  /** Where the state id starts. */
  public int stateIdOffset() {
    return prefix.prefixBytes();
  }

  /**
   * The state id of a stored key.
   *
   * @throws IllegalArgumentException if the key is too short to hold one
   */
  public int stateId(byte[] storedKey) {
    int at = prefix.prefixBytes();
    if (storedKey.length < at + Integer.BYTES) {
      throw new IllegalArgumentException("stored key " + Bytes.hex(storedKey) + " has no state id");
    }
    return Bytes.readInt(storedKey, at);
  }

  /** The head of every stored key of one state, key and namespace. */
  public byte[] head(int keyGroup, int stateId, byte[] key, byte[] namespace) {
    int p = prefix.prefixBytes();
    byte[] out = new byte[p + 4 + 4 + key.length + 4 + namespace.length];
    prefix.write(keyGroup, out, 0);
    Bytes.writeInt(out, p, stateId);
    Bytes.writeInt(out, p + 4, key.length);
    System.arraycopy(key, 0, out, p + 8, key.length);
    Bytes.writeInt(out, p + 8 + key.length, namespace.length);
    System.arraycopy(namespace, 0, out, p + 12 + key.length, namespace.length);
    return out;
  }

  /** {@code head} followed by {@code userKey}: one map entry's stored key. */
  public static byte[] entry(byte[] head, byte[] userKey) {
    byte[] out = new byte[head.length + userKey.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(userKey, 0, out, head.length, userKey.length);
    return out;
  }
}
