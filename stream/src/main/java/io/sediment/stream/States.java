package io.sediment.stream;

import io.sediment.compaction.Aggregator;
import java.util.function.Function;

/** Creates the implementation of a declared state. */
final class States {

  private States() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K> Object create(
      ExecutionController<K> controller, KeyedStateStore.Declared declared, byte[] namespace) {
    StateBinding<K> b = new StateBinding<>(controller, declared, namespace);
    StateDescriptor<?> d = declared.descriptor();
    return switch (d.kind()) {
      case VALUE -> new ValueStateImpl<>(b, (Serializer) d.valueSerializer());
      case LIST -> new ListStateImpl<>(b, (Serializer) d.valueSerializer());
      case MAP ->
          new MapStateImpl<>(
              b, (Serializer) d.userKeySerializer(), (Serializer) d.valueSerializer());
      case REDUCING -> new ReducingStateImpl<>(b, (Serializer) d.valueSerializer());
      case AGGREGATING ->
          new AggregatingStateImpl<>(b, (Aggregator) d.aggregator(), (Function) d.result());
    };
  }
}
