package io.sediment.stream.runtime;

import io.sediment.stream.StateDescriptor;
import java.util.List;

/**
 * A keyed operator: the states it uses, the side outputs it may emit to, and how an instance is set
 * up. The runtime runs {@code parallelism} instances, each on its own task thread with its own
 * store holding its key groups; {@link #open} is called once per instance, on its task thread, with
 * that instance's context.
 *
 * @param <T> the input record type
 * @param <K> the key type
 * @param <R> the output type
 */
public interface KeyedOperator<T, K, R> {

  /**
   * Every state the operator uses, declared in each instance's store when it opens (states are
   * fixed for the life of the job's checkpoints: a restore needs the same declarations).
   */
  List<StateDescriptor<?>> states();

  /**
   * The side outputs {@link OperatorContext#output} may emit to; none by default. A job connects
   * the ones it wants to sinks ({@link JobDefinition#withSideOutput}).
   */
  default List<OutputTag<?>> sideOutputs() {
    return List.of();
  }

  /**
   * The processor of one instance; {@code context} gives it states, output and timers.
   *
   * @throws RuntimeException to fail the job
   */
  KeyedProcessor<T> open(OperatorContext<K, R> context);
}
