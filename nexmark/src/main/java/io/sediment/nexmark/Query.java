package io.sediment.nexmark;

import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.TransactionalSink;
import java.util.List;

/**
 * A Nexmark query on the stream runtime: one job (or, where the runtime's single keyed stage is not
 * enough, a job per stage, each reading the committed rows of the one before), its output as
 * comma-separated rows, and an in-memory reference that computes the same result from the event
 * list.
 *
 * <p>Queries whose SQL result is an updating table (q4, q17, q18, q19) emit their updates; {@link
 * #result} folds the committed rows into the final table, which is what is compared with the
 * reference.
 */
public interface Query {

  /** The query's name: {@code q0}, {@code q1}, ... */
  String name();

  /** One line on what the query computes. */
  String description();

  /** The number of stages (jobs run one after the other); 1 unless said otherwise. */
  default int stages() {
    return 1;
  }

  /**
   * The job of stage {@code stage}: stage 0 reads {@code events}, a later stage reads {@code
   * previousRows}, the committed output of the stage before (null for stage 0).
   *
   * @throws IllegalArgumentException if {@code stage} is not in {@code [0, stages())}
   */
  JobDefinition<?, ?, String> stage(
      int stage, Source<Event> events, Source<String> previousRows, TransactionalSink<String> sink);

  /** The final result, sorted, from the committed rows of the last stage. */
  List<String> result(List<String> rows);

  /** The result the query must give on {@code events} (in index order), sorted. */
  List<String> reference(List<Event> events);
}
