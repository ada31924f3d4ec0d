package io.sediment.stream;

/** The kinds of keyed state, each with its own stored layout (docs/stream.md). */
public enum StateKind {
  /** {@link ValueState}. */
  VALUE,
  /** {@link ListState}. */
  LIST,
  /** {@link MapState}. */
  MAP,
  /** {@link ReducingState}. */
  REDUCING,
  /** {@link AggregatingState}. */
  AGGREGATING
}
