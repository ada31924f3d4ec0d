package io.sediment.stream.runtime;

import io.sediment.stream.Serializer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A job: a replayable source, keyed by {@code keySelector}, into a keyed operator whose output goes
 * to a transactional sink. Records get their event time from {@code timestamps}; each split's
 * watermark is the largest timestamp it has read (splits are in event-time order), and an
 * instance's watermark is the smallest over its inputs.
 *
 * @param source the input
 * @param keySelector the key of a record; its {@code hashCode} picks the key group (Flink's rule)
 * @param keySerializer serializes keys into the state store (deterministic)
 * @param timestamps the event time of a record
 * @param operator the keyed operator
 * @param sink the output
 * @param <T> the input record type
 * @param <K> the key type
 * @param <R> the output type
 */
public record JobDefinition<T, K, R>(
    Source<T> source,
    Function<? super T, ? extends K> keySelector,
    Serializer<K> keySerializer,
    ToLongFunction<? super T> timestamps,
    KeyedOperator<T, K, R> operator,
    TransactionalSink<R> sink) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if any part is null
   */
  public JobDefinition {
    if (source == null
        || keySelector == null
        || keySerializer == null
        || timestamps == null
        || operator == null
        || sink == null) {
      throw new IllegalArgumentException(
          "source, keySelector, keySerializer, timestamps, operator and sink must not be null");
    }
  }
}
