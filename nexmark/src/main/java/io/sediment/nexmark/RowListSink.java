package io.sediment.nexmark;

import io.sediment.stream.runtime.SinkWriter;
import io.sediment.stream.runtime.TransactionalSink;
import java.io.IOException;
import java.util.List;

/**
 * A sink of row lists that writes each row of a list into a sink of rows, in order: for a window
 * operator whose one result per window is several rows (q7's tied highest bids). Staging and commit
 * are the wrapped sink's.
 */
final class RowListSink implements TransactionalSink<List<String>> {

  private final TransactionalSink<String> rows;

  RowListSink(TransactionalSink<String> rows) {
    this.rows = rows;
  }

  @Override
  public SinkWriter<List<String>> writer(int instance, long attempt) throws IOException {
    SinkWriter<String> writer = rows.writer(instance, attempt);
    return new SinkWriter<>() {
      @Override
      public void write(List<String> record) throws IOException {
        for (String row : record) {
          writer.write(row);
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
    rows.commit(checkpointId, staged);
  }
}
