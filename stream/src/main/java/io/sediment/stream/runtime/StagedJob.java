package io.sediment.stream.runtime;

import io.sediment.stream.Serializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A job of several keyed stages in a chain: a replayable source into stage 0, the output of each
 * stage re-keyed into the next one, the last stage's output into a transactional sink. Each stage
 * has its own key selector, key serializer, event-time function (of its input records) and keyed
 * operator, and runs {@code parallelism} instances with stores of their own; between two stages the
 * runtime exchanges records by key group, as between the source and stage 0. Built with {@link
 * #from}:
 *
 * <pre>{@code
 * StagedJob<Bid, Change<String>> job =
 *     StagedJob.from(bids)
 *         .stage(Bid::auction, Serializers.longs(), Bid::time, countPerAuction)
 *         .stage(count -> count.window(), Serializers.longs(), count -> count.window(), maxPerWindow)
 *         .into(sink);
 * }</pre>
 *
 * A {@link JobDefinition} is the one-stage case. {@link LocalJob#start(StagedJob, RuntimeSettings,
 * JobStorage)} runs it; docs/stream.md explains why checkpoints stay one consistent cut.
 *
 * @param <T> the source's record type
 * @param <R> the last stage's output type
 */
public final class StagedJob<T, R> {

  /** One keyed stage, typed loosely: the builder checks the types where it chains them. */
  record Stage(
      Function<Object, Object> keySelector,
      Serializer<Object> keySerializer,
      ToLongFunction<Object> timestamps,
      KeyedOperator<Object, Object, Object> operator,
      Map<OutputTag<?>, TransactionalSink<?>> sideOutputs) {

    Stage withSideOutput(OutputTag<?> tag, TransactionalSink<?> sink) {
      Map<OutputTag<?>, TransactionalSink<?>> sides = new LinkedHashMap<>(sideOutputs);
      sides.put(tag, sink);
      return new Stage(
          keySelector, keySerializer, timestamps, operator, Collections.unmodifiableMap(sides));
    }
  }

  private final Source<T> source;
  private final WatermarkStrategy watermarks;
  private final List<Stage> stages;
  private final TransactionalSink<R> sink;

  private StagedJob(
      Source<T> source,
      WatermarkStrategy watermarks,
      List<Stage> stages,
      TransactionalSink<R> sink) {
    this.source = source;
    this.watermarks = watermarks;
    this.stages = List.copyOf(stages);
    this.sink = sink;
  }

  /**
   * Starts a job reading {@code source}.
   *
   * @throws IllegalArgumentException if {@code source} is null
   */
  public static <T> Builder<T, T> from(Source<T> source) {
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    return new Builder<>(source, WatermarkStrategy.ascending(), List.of());
  }

  /** The input. */
  public Source<T> source() {
    return source;
  }

  /** How each source split derives its watermark. */
  public WatermarkStrategy watermarks() {
    return watermarks;
  }

  /** The number of stages (at least 1). */
  public int stageCount() {
    return stages.size();
  }

  /** The output of the last stage. */
  public TransactionalSink<R> sink() {
    return sink;
  }

  List<Stage> stages() {
    return stages;
  }

  /** A single-stage job of {@code job}'s parts. */
  @SuppressWarnings("unchecked")
  static <T, K, R> StagedJob<T, R> of(JobDefinition<T, K, R> job) {
    return new StagedJob<>(
        job.source(),
        job.watermarks(),
        List.of(
            new Stage(
                (Function<Object, Object>) job.keySelector(),
                (Serializer<Object>) job.keySerializer(),
                (ToLongFunction<Object>) job.timestamps(),
                (KeyedOperator<Object, Object, Object>) (KeyedOperator<?, ?, ?>) job.operator(),
                job.sideOutputs())),
        job.sink());
  }

  /**
   * Chains stages; immutable (each call returns a new builder).
   *
   * @param <T> the source's record type
   * @param <C> the record type the next stage takes (the last stage's output)
   */
  public static final class Builder<T, C> {
    private final Source<T> source;
    private final WatermarkStrategy watermarks;
    private final List<Stage> stages;

    private Builder(Source<T> source, WatermarkStrategy watermarks, List<Stage> stages) {
      this.source = source;
      this.watermarks = watermarks;
      this.stages = stages;
    }

    /**
     * The source splits derive their watermarks by {@code strategy} ({@link
     * WatermarkStrategy#ascending()} unless set); later stages get the smallest watermark of the
     * instances before them.
     *
     * @throws IllegalArgumentException if {@code strategy} is null
     */
    public Builder<T, C> watermarks(WatermarkStrategy strategy) {
      if (strategy == null) {
        throw new IllegalArgumentException("strategy must not be null");
      }
      return new Builder<>(source, strategy, stages);
    }

    /**
     * The records the last stage added emits to side output {@code tag} go to {@code tagSink},
     * committed with the same checkpoints as the job's sink. Tags are unique across stages.
     *
     * @throws IllegalArgumentException if an argument is null, no stage was added, the last stage's
     *     operator does not declare {@code tag}, or an earlier stage uses its id
     */
    public <X> Builder<T, C> sideOutput(OutputTag<X> tag, TransactionalSink<X> tagSink) {
      if (tag == null || tagSink == null) {
        throw new IllegalArgumentException("tag and tagSink must not be null");
      }
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("side output " + tag.id() + " comes before any stage");
      }
      Stage last = stages.get(stages.size() - 1);
      if (!last.operator().sideOutputs().contains(tag)) {
        throw new IllegalArgumentException(
            "the last stage's operator does not declare side output " + tag.id());
      }
      for (Stage s : stages.subList(0, stages.size() - 1)) {
        for (OutputTag<?> other : s.sideOutputs().keySet()) {
          if (other.id().equals(tag.id())) {
            throw new IllegalArgumentException(
                "side output " + tag.id() + " belongs to an earlier stage");
          }
        }
      }
      List<Stage> next = new ArrayList<>(stages);
      next.set(next.size() - 1, last.withSideOutput(tag, tagSink));
      return new Builder<>(source, watermarks, next);
    }

    /**
     * Adds a stage that keys the current records by {@code keySelector} (its {@code hashCode} picks
     * the key group), takes their event time from {@code timestamps}, and runs {@code operator}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    @SuppressWarnings("unchecked")
    public <K, O> Builder<T, O> stage(
        Function<? super C, ? extends K> keySelector,
        Serializer<K> keySerializer,
        ToLongFunction<? super C> timestamps,
        KeyedOperator<C, K, O> operator) {
      if (keySelector == null || keySerializer == null || timestamps == null || operator == null) {
        throw new IllegalArgumentException(
            "keySelector, keySerializer, timestamps and operator must not be null");
      }
      List<Stage> next = new ArrayList<>(stages);
      next.add(
          new Stage(
              (Function<Object, Object>) (Function<?, ?>) keySelector,
              (Serializer<Object>) (Serializer<?>) keySerializer,
              (ToLongFunction<Object>) (ToLongFunction<?>) timestamps,
              (KeyedOperator<Object, Object, Object>) (KeyedOperator<?, ?, ?>) operator,
              Map.of()));
      return new Builder<>(source, watermarks, next);
    }

    /**
     * The job, with the last stage's output going to {@code sink}.
     *
     * @throws IllegalArgumentException if {@code sink} is null or no stage was added
     */
    public StagedJob<T, C> into(TransactionalSink<C> sink) {
      if (sink == null) {
        throw new IllegalArgumentException("sink must not be null");
      }
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("a job has at least one stage");
      }
      return new StagedJob<>(source, watermarks, stages, sink);
    }
  }
}
