package io.sediment.stream.window;

import io.sediment.stream.Serializer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The input record, functions and row formats of the window tests. */
final class WindowTestFunctions {

  private WindowTestFunctions() {}

  /** One input record: processing time is used by the processing-time tests only. */
  record Ev(String key, long timestamp, long value, long processingTime) {}

  static final Serializer<Ev> EVENTS =
      new Serializer<>() {
        @Override
        public byte[] serialize(Ev e) {
          byte[] key = e.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          return ByteBuffer.allocate(4 + key.length + 24)
              .putInt(key.length)
              .put(key)
              .putLong(e.timestamp())
              .putLong(e.value())
              .putLong(e.processingTime())
              .array();
        }

        @Override
        public Ev deserialize(byte[] bytes) {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          byte[] key = new byte[b.getInt()];
          b.get(key);
          return new Ev(
              new String(key, java.nio.charset.StandardCharsets.UTF_8),
              b.getLong(),
              b.getLong(),
              b.getLong());
        }
      };

  /** Sum and count of the values: accumulator {@code long[] {sum, count}}. */
  static final AggregateFunction<Ev, long[], String> SUM_COUNT =
      new AggregateFunction<>() {
        @Override
        public long[] createAccumulator() {
          return new long[2];
        }

        @Override
        public long[] add(Ev input, long[] acc) {
          return new long[] {acc[0] + input.value(), acc[1] + 1};
        }

        @Override
        public long[] merge(long[] a, long[] b) {
          return new long[] {a[0] + b[0], a[1] + b[1]};
        }

        @Override
        public byte[] serialize(long[] acc) {
          return ByteBuffer.allocate(16).putLong(acc[0]).putLong(acc[1]).array();
        }

        @Override
        public long[] deserialize(byte[] bytes) {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new long[] {b.getLong(), b.getLong()};
        }

        @Override
        public String result(long[] acc) {
          return "sum=" + acc[0] + ",n=" + acc[1];
        }
      };

  /** The aggregating operator's row. */
  static String aggregateRow(String key, TimeWindow w, String result) {
    return key + "," + w.start() + "," + w.end() + "," + result;
  }

  /** The full-window operator's row: the values, sorted. */
  static String elementsRow(String key, TimeWindow w, List<Ev> elements) {
    List<Long> values = new ArrayList<>();
    elements.forEach(e -> values.add(e.value()));
    Collections.sort(values);
    return key + "," + w.start() + "," + w.end() + ",values=" + values;
  }

  /** The row the model expects for {@code values} of a window. */
  static String expectedRow(String key, TimeWindow w, List<Long> values, boolean aggregate) {
    if (aggregate) {
      long sum = values.stream().mapToLong(Long::longValue).sum();
      return aggregateRow(key, w, "sum=" + sum + ",n=" + values.size());
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return key + "," + w.start() + "," + w.end() + ",values=" + sorted;
  }

  /** The window operator of a test: aggregating or full-window. */
  static WindowOperator<Ev, String, String> operator(WindowAssigner assigner, boolean aggregate) {
    return aggregate
        ? WindowOperator.aggregate("w", assigner, SUM_COUNT, WindowTestFunctions::aggregateRow)
        : WindowOperator.process("w", assigner, EVENTS, WindowTestFunctions::elementsRow);
  }
}
