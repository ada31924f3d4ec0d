package io.sediment.stream;

import io.sediment.stream.internal.RecordContext;
import io.sediment.stream.internal.StateFutureImpl;
import io.sediment.stream.internal.StateRequest;

/**
 * What every state implementation shares: the controller it issues requests through, its state id,
 * its namespace, its TTL, and the building of its stored keys for the current record.
 *
 * @param <K> the record key type
 */
final class StateBinding<K> {

  /** The namespace of a state used without namespaces. */
  static final byte[] NO_NAMESPACE = new byte[0];

  private final ExecutionController<K> controller;
  private final int stateId;
  private final byte[] namespace;
  private final long ttlMillis;

  StateBinding(ExecutionController<K> controller, KeyedStateStore.Declared declared, byte[] ns) {
    this.controller = controller;
    this.stateId = declared.id();
    this.namespace = ns;
    StateTtl ttl = declared.descriptor().ttl();
    this.ttlMillis = ttl == null ? 0 : ttl.millis();
  }

  /** The head of this state's stored keys for the current record and this namespace. */
  byte[] head() {
    RecordContext<K> ctx = controller.context();
    return controller
        .store()
        .layout()
        .head(ctx.keyGroup(), stateId, controller.serializedKey(ctx), namespace);
  }

  /** Whether values expire. */
  boolean hasTtl() {
    return ttlMillis > 0;
  }

  /** The TTL in milliseconds, 0 when none. */
  long ttlMillis() {
    return ttlMillis;
  }

  /** The store clock's time. */
  long now() {
    return controller.store().clock().millis();
  }

  /** Entries per iteration request. */
  int chunkSize() {
    return controller.settings().iteratorChunkSize();
  }

  StateFutureImpl<Object> get(byte[] key) {
    return point(StateRequest.Type.GET, key, null);
  }

  StateFuture<Void> put(byte[] key, byte[] value) {
    return done(point(StateRequest.Type.PUT, key, value));
  }

  StateFuture<Void> delete(byte[] key) {
    return done(point(StateRequest.Type.DELETE, key, null));
  }

  StateFuture<Void> merge(byte[] key, byte[] operand) {
    return done(point(StateRequest.Type.MERGE, key, operand));
  }

  StateFutureImpl<Object> scan(byte[] from, byte[] end, int limit) {
    return controller.issue(StateRequest.scan(from, end, limit, controller.context()));
  }

  StateFuture<Void> deleteRange(byte[] from, byte[] end) {
    return done(controller.issue(StateRequest.deleteRange(from, end, controller.context())));
  }

  private StateFutureImpl<Object> point(StateRequest.Type type, byte[] key, byte[] value) {
    return controller.issue(StateRequest.point(type, key, value, controller.context()));
  }

  private static StateFuture<Void> done(StateFutureImpl<Object> f) {
    return f.thenApply(v -> null);
  }

  /**
   * The bytes of {@code value}.
   *
   * @throws IllegalArgumentException if the value is null (naming {@code what}) or the serializer
   *     returned null
   */
  static <T> byte[] serialize(Serializer<T> serializer, T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    byte[] bytes = serializer.serialize(value);
    if (bytes == null) {
      throw new IllegalArgumentException("serializer returned null for " + what + " " + value);
    }
    return bytes;
  }
}
