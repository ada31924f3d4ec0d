package io.sediment.flink;

import org.apache.flink.api.common.state.v2.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * What the state executor needs to know of one State V2 instance: its name (the state id of its
 * store keys, as in State V1), its type, its default namespace, and the serializers of its
 * namespace, values (list elements for list state, user values for map state) and map user keys.
 * Immutable; the serializers are duplicated before use on another thread.
 *
 * @param <N> namespace type
 */
final class AsyncStateInfo<N> {

  final String name;
  final StateDescriptor.Type type;
  final N defaultNamespace;
  final TypeSerializer<N> namespaceSerializer;
  final TypeSerializer<?> valueSerializer;
  final TypeSerializer<?> userKeySerializer;

  /**
   * @param userKeySerializer the map user-key serializer; null for other state types
   * @throws IllegalArgumentException if a map state has no user-key serializer
   */
  AsyncStateInfo(
      String name,
      StateDescriptor.Type type,
      N defaultNamespace,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<?> valueSerializer,
      TypeSerializer<?> userKeySerializer) {
    if (type == StateDescriptor.Type.MAP && userKeySerializer == null) {
      throw new IllegalArgumentException("map state '" + name + "' has no user-key serializer");
    }
    this.name = name;
    this.type = type;
    this.defaultNamespace = defaultNamespace;
    this.namespaceSerializer = namespaceSerializer;
    this.valueSerializer = valueSerializer;
    this.userKeySerializer = userKeySerializer;
  }
}
