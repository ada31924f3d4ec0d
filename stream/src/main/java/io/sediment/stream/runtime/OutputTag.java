package io.sediment.stream.runtime;

import io.sediment.stream.Serializer;

/**
 * Names a side output of an operator (late records of a window, say): an operator declares its tags
 * ({@link KeyedOperator#sideOutputs()}) and emits to them with {@link OperatorContext#output}; a
 * job gives a {@link TransactionalSink} per tag it wants ({@link JobDefinition#withSideOutput}),
 * staged and committed with the same checkpoints as the main output, so a side output is
 * exactly-once too. Records of a tag without a sink are dropped. Two tags are equal when their ids
 * are. The id is stored in checkpoints, so it must stay the same across restarts. Immutable.
 *
 * @param id the tag's name, unique within a job
 * @param serializer the records' serializer, for sinks that want it
 * @param <X> the side output's record type
 */
public record OutputTag<X>(String id, Serializer<X> serializer) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the id is blank or the serializer null
   */
  public OutputTag {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an output tag's id must not be blank: '" + id + "'");
    }
    if (serializer == null) {
      throw new IllegalArgumentException(
          "the serializer of output tag " + id + " must not be null");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputTag<?> t && t.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "OutputTag[" + id + "]";
  }
}
