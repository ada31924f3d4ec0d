package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import java.util.Arrays;

/**
 * A record of one of a join's two inputs: exactly one of {@code left} and {@code right} is set. A
 * two-input operator takes one stream of these, keyed by the join key, so that both sides of a key
 * meet in the same instance and its state.
 *
 * @param left the left row, or null for a right record
 * @param right the right row, or null for a left record
 * @param <L> the left row type
 * @param <R> the right row type
 */
public record JoinInput<L, R>(L left, R right) {

  /**
   * Checks that exactly one side is set.
   *
   * @throws IllegalArgumentException if both or neither are
   */
  public JoinInput {
    if ((left == null) == (right == null)) {
      throw new IllegalArgumentException(
          "exactly one of left and right must be set: " + left + ", " + right);
    }
  }

  /** A left record. */
  public static <L, R> JoinInput<L, R> left(L row) {
    return new JoinInput<>(row, null);
  }

  /** A right record. */
  public static <L, R> JoinInput<L, R> right(R row) {
    return new JoinInput<>(null, row);
  }

  /** Whether this is a left record. */
  public boolean isLeft() {
    return left != null;
  }

  /**
   * A serializer: a side byte (0 left, 1 right), then the row's bytes.
   *
   * @throws IllegalArgumentException if a serializer is null
   */
  public static <L, R> Serializer<JoinInput<L, R>> serializer(
      Serializer<L> lefts, Serializer<R> rights) {
    if (lefts == null || rights == null) {
      throw new IllegalArgumentException("lefts and rights must not be null");
    }
    return new Serializer<>() {
      @Override
      public byte[] serialize(JoinInput<L, R> value) {
        byte[] row = value.isLeft() ? lefts.serialize(value.left) : rights.serialize(value.right);
        byte[] out = new byte[row.length + 1];
        out[0] = (byte) (value.isLeft() ? 0 : 1);
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
      }

      @Override
      public JoinInput<L, R> deserialize(byte[] bytes) {
        if (bytes.length < 1 || bytes[0] < 0 || bytes[0] > 1) {
          throw new IllegalArgumentException("not a join input: " + Arrays.toString(bytes));
        }
        byte[] row = Arrays.copyOfRange(bytes, 1, bytes.length);
        return bytes[0] == 0 ? left(lefts.deserialize(row)) : right(rights.deserialize(row));
      }
    };
  }
}
