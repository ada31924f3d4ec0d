package io.sediment.stream;

/**
 * Turns values into bytes and back. Deterministic ({@code deserialize(serialize(v))} equals {@code
 * v}; equal values give equal bytes, which keys rely on) and thread-safe. Either method may throw;
 * the exception fails the job ({@link AsyncExecutionException}) with it as the cause.
 *
 * @param <T> the value type
 */
public interface Serializer<T> {

  /** The bytes of {@code value} (never null). */
  byte[] serialize(T value);

  /** The value of {@code bytes}. */
  T deserialize(byte[] bytes);
}
