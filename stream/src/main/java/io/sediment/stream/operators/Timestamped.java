package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A row with its event time, as the interval join keeps its rows: {@code [timestamp: 8,
 * big-endian][row]}.
 */
record Timestamped<T>(long timestamp, T row) {

  static <T> Serializer<Timestamped<T>> serializer(Serializer<T> rows) {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Timestamped<T> value) {
        byte[] row = rows.serialize(value.row());
        return ByteBuffer.allocate(Long.BYTES + row.length)
            .putLong(value.timestamp())
            .put(row)
            .array();
      }

      @Override
      public Timestamped<T> deserialize(byte[] bytes) {
        if (bytes.length < Long.BYTES) {
          throw new IllegalArgumentException("a timestamped row has 8 bytes at least");
        }
        return new Timestamped<>(
            ByteBuffer.wrap(bytes).getLong(),
            rows.deserialize(Arrays.copyOfRange(bytes, Long.BYTES, bytes.length)));
      }
    };
  }
}
