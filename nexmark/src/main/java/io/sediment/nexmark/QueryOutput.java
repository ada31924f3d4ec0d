package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.changelog.ChangelogTableSink;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.TransactionalSink;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a query's job writes and how its committed output is read back: either a {@link FileSink}
 * of comma-separated rows (an append-only result, or the updates a query folds itself), or a {@link
 * ChangelogTableSink} of changes whose table is the result (an updating result kept by the sink).
 * Each query says which one it writes ({@link Query#output}); the job takes the sink of that kind.
 */
public final class QueryOutput implements Closeable {

  private final String uri;
  private final Configuration conf;
  private final FileSink<String> rows;
  private final ChangelogTableSink<String, String> table;

  private QueryOutput(
      String uri,
      Configuration conf,
      FileSink<String> rows,
      ChangelogTableSink<String, String> table) {
    this.uri = uri;
    this.conf = conf;
    this.rows = rows;
    this.table = table;
  }

  /**
   * Rows in a {@link FileSink} under {@code uri}.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException naming the URI if the sink cannot be opened
   */
  public static QueryOutput rows(String uri, Configuration conf) throws IOException {
    if (uri == null || conf == null) {
      throw new IllegalArgumentException("uri and conf must not be null: " + uri);
    }
    return new QueryOutput(uri, conf, FileSink.open(uri, conf, Serializers.string()), null);
  }

  /**
   * A table of rows under {@code uri}, one row per {@code keyOf} of the row.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException naming the URI if the table cannot be opened
   */
  public static QueryOutput table(String uri, Configuration conf, Function<String, String> keyOf)
      throws IOException {
    if (uri == null || conf == null || keyOf == null) {
      throw new IllegalArgumentException("uri, conf and keyOf must not be null: " + uri);
    }
    return new QueryOutput(
        uri,
        conf,
        null,
        ChangelogTableSink.open(uri, conf, keyOf, Serializers.string(), Serializers.string()));
  }

  /** Where the output lives. */
  public String uri() {
    return uri;
  }

  /** True if this is a changelog table, false if rows in a file sink. */
  public boolean isTable() {
    return table != null;
  }

  /**
   * The sink of rows.
   *
   * @throws IllegalStateException if this output is a changelog table
   */
  public TransactionalSink<String> rows() {
    if (rows == null) {
      throw new IllegalStateException(uri + " is a changelog table, not a sink of rows");
    }
    return rows;
  }

  /**
   * The sink of changes.
   *
   * @throws IllegalStateException if this output is a sink of rows
   */
  public TransactionalSink<Change<String>> changes() {
    if (table == null) {
      throw new IllegalStateException(uri + " is a sink of rows, not a changelog table");
    }
    return table;
  }

  /**
   * What was committed: the rows in commit order, or the table's rows in key order.
   *
   * @throws IOException naming the URI if the output cannot be read
   */
  public List<String> committed() throws IOException {
    if (table != null) {
      return new ArrayList<>(table.table().values());
    }
    return FileSink.readCommitted(uri, conf, Serializers.string());
  }

  @Override
  public void close() throws IOException {
    if (table != null) {
      table.close();
    } else {
      rows.close();
    }
  }

  @Override
  public String toString() {
    return (table != null ? "table " : "rows ") + uri;
  }
}
