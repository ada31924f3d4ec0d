package io.sediment.stream.internal;

/**
 * One access to the store by one record: what to do, on which stored key or range, and the future
 * its result completes. Built on the task thread, run on the I/O thread ({@link BatchRunner} sets
 * the result), completed back on the task thread.
 */
public final class StateRequest {

  /** What a request does to the store. */
  public enum Type {
    /** Reads one key; result: the value or null. */
    GET,
    /** Writes one key; result: null. */
    PUT,
    /** Deletes one key; result: null. */
    DELETE,
    /** Adds a merge operand to one key; result: null. */
    MERGE,
    /** Reads up to {@code limit} entries of {@code [key, end)}; result: a {@link ScanChunk}. */
    SCAN,
    /** Deletes every key of {@code [key, end)}; result: null. */
    DELETE_RANGE;

    /** Whether the request reads (and so must see every earlier write of its record). */
    public boolean reads() {
      return this == GET || this == SCAN;
    }
  }

  private final Type type;
  private final byte[] key;
  private final byte[] valueOrEnd;
  private final int limit;
  private final RecordContext<?> context;
  private final StateFutureImpl<Object> future;
  private Object result;

  private StateRequest(
      Type type, byte[] key, byte[] valueOrEnd, int limit, RecordContext<?> context) {
    this.type = type;
    this.key = key;
    this.valueOrEnd = valueOrEnd;
    this.limit = limit;
    this.context = context;
    this.future = new StateFutureImpl<>();
  }

  /** A GET, PUT (value), DELETE or MERGE (operand) of one key. */
  public static StateRequest point(Type type, byte[] key, byte[] value, RecordContext<?> context) {
    if (type == Type.SCAN || type == Type.DELETE_RANGE) {
      throw new IllegalArgumentException(type + " is not a point request");
    }
    return new StateRequest(type, key, value, 0, context);
  }

  /** A SCAN of at most {@code limit} entries of {@code [from, end)}. */
  public static StateRequest scan(byte[] from, byte[] end, int limit, RecordContext<?> context) {
    return new StateRequest(Type.SCAN, from, end, limit, context);
  }

  /** A DELETE_RANGE of {@code [from, end)}. */
  public static StateRequest deleteRange(byte[] from, byte[] end, RecordContext<?> context) {
    return new StateRequest(Type.DELETE_RANGE, from, end, 0, context);
  }

  /** What it does. */
  public Type type() {
    return type;
  }

  /** The stored key, or the first key of a range. */
  public byte[] key() {
    return key;
  }

  /** The value of a PUT, the operand of a MERGE (null otherwise). */
  public byte[] value() {
    return type == Type.PUT || type == Type.MERGE ? valueOrEnd : null;
  }

  /** The exclusive end of a SCAN or DELETE_RANGE (null otherwise). */
  public byte[] end() {
    return type == Type.SCAN || type == Type.DELETE_RANGE ? valueOrEnd : null;
  }

  /** Most entries a SCAN returns. */
  public int limit() {
    return limit;
  }

  /** The record that issued it. */
  public RecordContext<?> context() {
    return context;
  }

  /** The future the result completes. */
  public StateFutureImpl<Object> future() {
    return future;
  }

  /** Sets the result (I/O thread; published to the task thread through the mailbox). */
  public void result(Object value) {
    this.result = value;
  }

  /** The result set by the runner. */
  public Object result() {
    return result;
  }

  @Override
  public String toString() {
    return type + " " + Bytes.hex(key) + " of " + context;
  }
}
