package io.sediment.nexmark;

import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;
import java.util.function.Function;

/** Builds keyed operators from their states and their instance set-up. */
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
}
