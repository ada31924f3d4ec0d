package io.sediment.stream.internal;

/**
 * One record in flight: its key, its body, its epoch, and how many things still hold it (its body
 * while running, and each state request until the request's callbacks have run). It finishes when
 * that count drops to zero. Task thread only.
 *
 * @param <K> the key type
 */
public final class RecordContext<K> {

  private final K key;
  private final Object body;
  private final int keyGroup;
  private final Epoch epoch;
  private final long sequence;
  private int holds;
  private byte[] serializedKey;

  /**
   * @param key the record's key
   * @param body the record's work (the controller's type)
   * @param keyGroup the key's key group
   * @param epoch the epoch it belongs to
   * @param sequence arrival number, for messages
   */
  public RecordContext(K key, Object body, int keyGroup, Epoch epoch, long sequence) {
    this.key = key;
    this.body = body;
    this.keyGroup = keyGroup;
    this.epoch = epoch;
    this.sequence = sequence;
  }

  /** The record's key. */
  public K key() {
    return key;
  }

  /** The record's work, as given. */
  public Object body() {
    return body;
  }

  /** The key's key group. */
  public int keyGroup() {
    return keyGroup;
  }

  /** The epoch it belongs to. */
  public Epoch epoch() {
    return epoch;
  }

  /** Arrival number. */
  public long sequence() {
    return sequence;
  }

  /** Adds a hold (the body, or a state request). */
  public void hold() {
    holds++;
  }

  /**
   * Drops a hold.
   *
   * @return whether none is left: the record has finished
   * @throws IllegalStateException if it held nothing
   */
  public boolean release() {
    if (holds == 0) {
      throw new IllegalStateException("record " + sequence + " holds nothing");
    }
    return --holds == 0;
  }

  /** The serialized key, once computed (null before). */
  public byte[] serializedKey() {
    return serializedKey;
  }

  /** Remembers the serialized key, so each state request does not serialize it again. */
  public void serializedKey(byte[] bytes) {
    this.serializedKey = bytes;
  }

  @Override
  public String toString() {
    return "record " + sequence + " key " + key;
  }
}
