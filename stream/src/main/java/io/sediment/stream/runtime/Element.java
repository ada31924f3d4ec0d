package io.sediment.stream.runtime;

/** What flows on a channel from a source split to an operator instance, in order. */
sealed interface Element {

  /** A keyed record with its event time and key group. */
  record Data<T, K>(T value, K key, int keyGroup, long timestamp) implements Element {}

  /** Every later record of this channel has a timestamp of at least {@code timestamp}. */
  record Watermark(long timestamp) implements Element {}

  /** Checkpoint {@code checkpointId}: every earlier record of this channel belongs to it. */
  record Barrier(long checkpointId) implements Element {}

  /** The channel ends: nothing follows. */
  record EndOfInput() implements Element {}
}
