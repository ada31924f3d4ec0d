package io.sediment.nexmark;

import io.sediment.stream.window.AggregateFunction;
import java.nio.ByteBuffer;

/**
 * Counts a window's elements: the accumulator is the count so far, 8 bytes big-endian in state.
 *
 * @param <T> the element type
 */
final class CountFunction<T> implements AggregateFunction<T, Long, Long> {

  @Override
  public Long createAccumulator() {
    return 0L;
  }

  @Override
  public Long add(T input, Long accumulator) {
    return accumulator + 1;
  }

  @Override
  public Long merge(Long a, Long b) {
    return a + b;
  }

  @Override
  public byte[] serialize(Long accumulator) {
    return ByteBuffer.allocate(Long.BYTES).putLong(accumulator).array();
  }

  @Override
  public Long deserialize(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  @Override
  public Long result(Long accumulator) {
    return accumulator;
  }
}
