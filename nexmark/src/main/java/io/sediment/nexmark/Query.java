package io.sediment.nexmark;

import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.runtime.WatermarkStrategy;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A Nexmark query on the stream runtime: one job (of one or several keyed stages), the output it
 * writes, and an in-memory reference that computes the same result from the event list.
 *
 * <p>Most queries write comma-separated rows into a file sink; {@link #result} turns the committed
 * rows into the result (for q17, q18 and q19, whose SQL result is an updating table, by folding the
 * updates the job emits). q4 writes a changelog into a table sink, and the table is its result.
 */
public interface Query {

  /** The query's name: {@code q0}, {@code q1}, ... */
  String name();

  /** One line on what the query computes. */
  String description();

  /**
   * Opens the output this query's job writes, under {@code uri}: rows in a file sink unless the
   * query says otherwise.
   *
   * @throws IOException naming the URI if it cannot be opened
   */
  default QueryOutput output(String uri, Configuration conf) throws IOException {
    return QueryOutput.rows(uri, conf);
  }

  /**
   * The job reading {@code events} into {@code output} (opened by {@link #output}).
   *
   * @throws IllegalStateException if {@code output} is not of the kind {@link #output} opens
   */
  StagedJob<?, ?> job(Source<Event> events, QueryOutput output);

  /** The final result, sorted, from the committed output ({@link QueryOutput#committed()}). */
  List<String> result(List<String> committed);

  /** The result the query must give on {@code events} (in index order), sorted. */
  List<String> reference(List<Event> events);

  /** The one-stage job of {@code definition}, its source's watermarks by {@code watermarks}. */
  static <T, K, R> StagedJob<T, R> staged(
      WatermarkStrategy watermarks, JobDefinition<T, K, R> definition) {
    return StagedJob.from(definition.source())
        .watermarks(watermarks)
        .stage(
            definition.keySelector(),
            definition.keySerializer(),
            definition.timestamps(),
            definition.operator())
        .into(definition.sink());
  }
}
