package io.sediment.stream.window;

import io.sediment.stream.Serializer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session windows of one key, kept as one value: each window with the namespace its contents
 * live in (Flink's merging window set). A merge keeps the contents of one of the merged windows
 * where they are and moves the others' into it, so a window that grows by an element moves nothing.
 * Stored as {@code [count: 4] then per window [start: 8][end: 8][namespace start: 8][namespace end:
 * 8]}, big-endian.
 */
final class WindowSet {

  private WindowSet() {}

  /** The serializer of a key's window set. */
  static final Serializer<TreeMap<TimeWindow, TimeWindow>> SERIALIZER =
      new Serializer<>() {
        @Override
        public byte[] serialize(TreeMap<TimeWindow, TimeWindow> windows) {
          ByteBuffer b = ByteBuffer.allocate(Integer.BYTES + windows.size() * 4 * Long.BYTES);
          b.putInt(windows.size());
          for (Map.Entry<TimeWindow, TimeWindow> e : windows.entrySet()) {
            b.putLong(e.getKey().start()).putLong(e.getKey().end());
            b.putLong(e.getValue().start()).putLong(e.getValue().end());
          }
          return b.array();
        }

        @Override
        public TreeMap<TimeWindow, TimeWindow> deserialize(byte[] bytes) {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          int n = b.getInt();
          if (n < 0 || bytes.length != Integer.BYTES + n * 4 * Long.BYTES) {
            throw new IllegalArgumentException(
                "a window set of " + n + " windows cannot be " + bytes.length + " bytes");
          }
          TreeMap<TimeWindow, TimeWindow> out = new TreeMap<>();
          for (int i = 0; i < n; i++) {
            out.put(
                new TimeWindow(b.getLong(), b.getLong()), new TimeWindow(b.getLong(), b.getLong()));
          }
          return out;
        }
      };
}
