package io.sediment.nexmark;

import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;
import java.util.List;
import java.util.function.Function;

/** Builds keyed operators: from their states and instance set-up, or by mapping their input. */
final class Operators {

  private Operators() {}

  static <T, K> KeyedOperator<T, K, String> of(
      List<StateDescriptor<?>> states,
      Function<OperatorContext<K, String>, KeyedProcessor<T>> open) {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return states;
      }

      @Override
      public KeyedProcessor<T> open(OperatorContext<K, String> context) {
        return open.apply(context);
      }
    };
  }

  /**
   * {@code operator} on records mapped by {@code map} first (a map chained before it, as Flink
   * chains one): its states, side outputs, timers and output are the operator's.
   */
  static <T, U, K, R> KeyedOperator<T, K, R> mapInput(
      KeyedOperator<U, K, R> operator, Function<? super T, ? extends U> map) {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return operator.states();
      }

      @Override
      public List<OutputTag<?>> sideOutputs() {
        return operator.sideOutputs();
      }

      @Override
      public KeyedProcessor<T> open(OperatorContext<K, R> context) {
        KeyedProcessor<U> inner = operator.open(context);
        return new KeyedProcessor<>() {
          @Override
          public void process(T record, long timestamp) {
            inner.process(map.apply(record), timestamp);
          }

          @Override
          public void onTimer(long timestamp) {
            inner.onTimer(timestamp);
          }

          @Override
          public void onProcessingTime(long timestamp) {
            inner.onProcessingTime(timestamp);
          }
        };
      }
    };
  }
}
