package io.sediment.stream.changelog;

import io.sediment.stream.Serializer;
import java.util.Arrays;

/**
 * One row of a changelog: a row and what it does ({@link RowKind}). An operator whose result is
 * updated over time (an aggregation per key, a top-N, a deduplication that keeps the last row)
 * emits changes instead of plain rows, so that a consumer can keep the result current: apply {@code
 * +I}/{@code +U} as an upsert and {@code -D} as a delete, or fold every change with its sign.
 *
 * @param kind what the row does
 * @param row the row
 * @param <R> the row type
 */
public record Change<R>(RowKind kind, R row) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code kind} or {@code row} is null
   */
  public Change {
    if (kind == null || row == null) {
      throw new IllegalArgumentException("kind and row must not be null: " + kind + ", " + row);
    }
  }

  /** {@code +I row}. */
  public static <R> Change<R> insert(R row) {
    return new Change<>(RowKind.INSERT, row);
  }

  /** {@code -U row}. */
  public static <R> Change<R> updateBefore(R row) {
    return new Change<>(RowKind.UPDATE_BEFORE, row);
  }

  /** {@code +U row}. */
  public static <R> Change<R> updateAfter(R row) {
    return new Change<>(RowKind.UPDATE_AFTER, row);
  }

  /** {@code -D row}. */
  public static <R> Change<R> delete(R row) {
    return new Change<>(RowKind.DELETE, row);
  }

  /**
   * A serializer of changes: the kind's code in one byte, then the row's bytes by {@code rows}.
   *
   * @throws IllegalArgumentException if {@code rows} is null
   */
  public static <R> Serializer<Change<R>> serializer(Serializer<R> rows) {
    if (rows == null) {
      throw new IllegalArgumentException("rows must not be null");
    }
    return new Serializer<>() {
      @Override
      public byte[] serialize(Change<R> value) {
        byte[] row = rows.serialize(value.row());
        byte[] out = new byte[row.length + 1];
        out[0] = value.kind().code();
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
      }

      @Override
      public Change<R> deserialize(byte[] bytes) {
        if (bytes.length < 1) {
          throw new IllegalArgumentException("a change has at least one byte, its kind");
        }
        return new Change<>(
            RowKind.ofCode(bytes[0]), rows.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length)));
      }
    };
  }

  /** {@code +I(row)}, as Flink prints changes. */
  @Override
  public String toString() {
    return kind.shortString() + "(" + row + ")";
  }
}
