package io.sediment.nexmark;

import io.sediment.stream.Serializer;
import java.util.ArrayList;
import java.util.List;

/** Serializers of the small state values the queries keep. */
final class Codecs {

  private Codecs() {}

  /** A fixed or variable number of longs, as variable-length integers. */
  static Serializer<long[]> longArrays() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(long[] values) {
        Bytes.Writer w = new Bytes.Writer().varLong(values.length);
        for (long v : values) {
          w.varLong(v);
        }
        return w.toBytes();
      }

      @Override
      public long[] deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        long n = r.varLong();
        if (n < 0 || n > bytes.length) {
          throw new IllegalArgumentException(
              "a long array of " + n + " elements in " + bytes.length + " bytes");
        }
        long[] values = new long[(int) n];
        for (int i = 0; i < n; i++) {
          values[i] = r.varLong();
        }
        r.end();
        return values;
      }
    };
  }

  /** A list of bids. */
  static Serializer<List<Bid>> bidLists() {
    Serializer<Bid> bids = EventSerializers.bids();
    return new Serializer<>() {
      @Override
      public byte[] serialize(List<Bid> values) {
        Bytes.Writer w = new Bytes.Writer().varLong(values.size());
        for (Bid b : values) {
          w.bytes(bids.serialize(b));
        }
        return w.toBytes();
      }

      @Override
      public List<Bid> deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        long n = r.varLong();
        if (n < 0 || n > bytes.length) {
          throw new IllegalArgumentException(
              "a list of " + n + " bids in " + bytes.length + " bytes");
        }
        List<Bid> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
          out.add(bids.deserialize(r.bytes()));
        }
        r.end();
        return out;
      }
    };
  }
}
