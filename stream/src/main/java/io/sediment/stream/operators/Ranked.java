package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A row at a rank of a top-N: rank 1 is first in the order.
 *
 * @param rank from 1 to N
 * @param row the row
 * @param <T> the row type
 */
public record Ranked<T>(int rank, T row) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code rank} is below 1 or {@code row} is null
   */
  public Ranked {
    if (rank < 1 || row == null) {
      throw new IllegalArgumentException("rank must be at least 1 and row set: " + rank);
    }
  }

  /**
   * A serializer: the rank in 4 bytes (big-endian), then the row's bytes.
   *
   * @throws IllegalArgumentException if {@code rows} is null
   */
  public static <T> Serializer<Ranked<T>> serializer(Serializer<T> rows) {
    if (rows == null) {
      throw new IllegalArgumentException("rows must not be null");
    }
    return new Serializer<>() {
      @Override
      public byte[] serialize(Ranked<T> value) {
        byte[] row = rows.serialize(value.row());
        return ByteBuffer.allocate(Integer.BYTES + row.length)
            .putInt(value.rank())
            .put(row)
            .array();
      }

      @Override
      public Ranked<T> deserialize(byte[] bytes) {
        if (bytes.length < Integer.BYTES) {
          throw new IllegalArgumentException("a ranked row has 4 bytes at least");
        }
        return new Ranked<>(
            ByteBuffer.wrap(bytes).getInt(),
            rows.deserialize(Arrays.copyOfRange(bytes, Integer.BYTES, bytes.length)));
      }
    };
  }
}
