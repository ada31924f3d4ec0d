package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A list of rows as one value: {@code [count: 4]} then per row {@code [length: 4][row]}. */
final class RowLists {

  private RowLists() {}

  static <T> Serializer<List<T>> serializer(Serializer<T> rows) {
    return new Serializer<>() {
      @Override
      public byte[] serialize(List<T> value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          out.writeInt(value.size());
          for (T row : value) {
            byte[] b = rows.serialize(row);
            out.writeInt(b.length);
            out.write(b);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
      }

      @Override
      public List<T> deserialize(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
          int n = in.readInt();
          if (n < 0) {
            throw new IllegalArgumentException("a row list has a negative count: " + n);
          }
          List<T> out = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            out.add(rows.deserialize(in.readNBytes(in.readInt())));
          }
          return out;
        } catch (IOException e) {
          throw new IllegalArgumentException("a row list is cut short: " + e.getMessage(), e);
        }
      }
    };
  }
}
