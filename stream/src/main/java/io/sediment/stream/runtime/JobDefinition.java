package io.sediment.stream.runtime;

import io.sediment.stream.Serializer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A job: a replayable source, keyed by {@code keySelector}, into a keyed operator whose output goes
 * to a transactional sink. Records get their event time from {@code timestamps}; each split's
 * watermark follows {@code watermarks} ({@link WatermarkStrategy#ascending()} unless set), and an
 * instance's watermark is the smallest over its inputs. Each side output the job wants has a sink
 * of its own, committed with the same checkpoints as {@code sink}.
 *
 * @param source the input
 * @param keySelector the key of a record; its {@code hashCode} picks the key group (Flink's rule)
 * @param keySerializer serializes keys into the state store (deterministic)
 * @param timestamps the event time of a record
 * @param operator the keyed operator
 * @param sink the output
 * @param watermarks how each split derives its watermark
 * @param sideOutputs a sink per side output tag the job keeps (tags of the operator without one are
 *     dropped); iteration order is the order they were added
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
    TransactionalSink<R> sink,
    WatermarkStrategy watermarks,
    Map<OutputTag<?>, TransactionalSink<?>> sideOutputs) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if any part is null, or a side output's tag is not one the
   *     operator declares
   */
  public JobDefinition {
    if (source == null
        || keySelector == null
        || keySerializer == null
        || timestamps == null
        || operator == null
        || sink == null
        || watermarks == null
        || sideOutputs == null) {
      throw new IllegalArgumentException(
          "source, keySelector, keySerializer, timestamps, operator, sink, watermarks and"
              + " sideOutputs must not be null");
    }
    for (Map.Entry<OutputTag<?>, TransactionalSink<?>> e : sideOutputs.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("a side output needs a tag and a sink: " + e);
      }
      if (!operator.sideOutputs().contains(e.getKey())) {
        throw new IllegalArgumentException(
            "the operator does not declare side output " + e.getKey().id());
      }
    }
    sideOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(sideOutputs));
  }

  /**
   * A job with ascending watermarks and no side outputs.
   *
   * @throws IllegalArgumentException if any part is null
   */
  public JobDefinition(
      Source<T> source,
      Function<? super T, ? extends K> keySelector,
      Serializer<K> keySerializer,
      ToLongFunction<? super T> timestamps,
      KeyedOperator<T, K, R> operator,
      TransactionalSink<R> sink) {
    this(
        source,
        keySelector,
        keySerializer,
        timestamps,
        operator,
        sink,
        WatermarkStrategy.ascending(),
        Map.of());
  }

  /**
   * This job with splits deriving their watermarks by {@code strategy}.
   *
   * @throws IllegalArgumentException if {@code strategy} is null
   */
  public JobDefinition<T, K, R> withWatermarks(WatermarkStrategy strategy) {
    return new JobDefinition<>(
        source, keySelector, keySerializer, timestamps, operator, sink, strategy, sideOutputs);
  }

  /**
   * This job with the records of side output {@code tag} going to {@code tagSink} (replacing a sink
   * given before for the tag).
   *
   * @throws IllegalArgumentException if an argument is null or the operator does not declare {@code
   *     tag}
   */
  public <X> JobDefinition<T, K, R> withSideOutput(OutputTag<X> tag, TransactionalSink<X> tagSink) {
    if (tag == null || tagSink == null) {
      throw new IllegalArgumentException("tag and tagSink must not be null");
    }
    Map<OutputTag<?>, TransactionalSink<?>> sides = new LinkedHashMap<>(sideOutputs);
    sides.put(tag, tagSink);
    return new JobDefinition<>(
        source, keySelector, keySerializer, timestamps, operator, sink, watermarks, sides);
  }
}
