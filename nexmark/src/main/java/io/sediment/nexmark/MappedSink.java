package io.sediment.nexmark;

import io.sediment.stream.changelog.Change;
import io.sediment.stream.changelog.RowKind;
import io.sediment.stream.runtime.SinkWriter;
import io.sediment.stream.runtime.TransactionalSink;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * A sink that turns each record into records of another sink, in order ({@code map} gives zero or
 * more): a window operator whose one result per window is several rows (q7's tied highest bids), or
 * an operator whose changes the query writes as rows or as changes of rows (the joins, q19's
 * top-N). Staging and commit are the wrapped sink's.
 *
 * @param <T> the record type taken
 * @param <U> the wrapped sink's record type
 */
final class MappedSink<T, U> implements TransactionalSink<T> {

  private final TransactionalSink<U> sink;
  private final Function<? super T, ? extends List<? extends U>> map;

  MappedSink(TransactionalSink<U> sink, Function<? super T, ? extends List<? extends U>> map) {
    this.sink = sink;
    this.map = map;
  }

  /** A sink of row lists writing each row. */
  static TransactionalSink<List<String>> rowLists(TransactionalSink<String> rows) {
    return new MappedSink<>(rows, list -> list);
  }

  /**
   * A sink of an append-only operator's changes writing each inserted row.
   *
   * @throws IllegalStateException (when written) on a change that is not an insert
   */
  static TransactionalSink<Change<String>> inserts(TransactionalSink<String> rows) {
    return new MappedSink<>(
        rows,
        change -> {
          if (change.kind() != RowKind.INSERT) {
            throw new IllegalStateException("an append-only result got " + change);
          }
          return List.of(change.row());
        });
  }

  @Override
  public SinkWriter<T> writer(int instance, long attempt) throws IOException {
    SinkWriter<U> writer = sink.writer(instance, attempt);
    return new SinkWriter<>() {
      @Override
      public void write(T record) throws IOException {
        for (U u : map.apply(record)) {
          writer.write(u);
        }
      }

      @Override
      public byte[] prepare(long checkpointId) throws IOException {
        return writer.prepare(checkpointId);
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }

  @Override
  public void commit(long checkpointId, List<byte[]> staged) throws IOException {
    sink.commit(checkpointId, staged);
  }
}
