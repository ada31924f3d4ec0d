package io.sediment.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Serializers for common types, in Flink's layouts (big-endian numbers, UTF-8 strings). */
public final class Serializers {

  private Serializers() {}

  /** UTF-8 text. */
  public static Serializer<String> string() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String deserialize(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }

  /**
   * 8 bytes, big-endian; deserializing bytes of another length throws {@link
   * IllegalArgumentException} naming the length.
   */
  public static Serializer<Long> longs() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
      }

      @Override
      public Long deserialize(byte[] bytes) {
        if (bytes.length != Long.BYTES) {
          throw new IllegalArgumentException("a long is 8 bytes, not " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).getLong();
      }
    };
  }

  /**
   * 4 bytes, big-endian; deserializing bytes of another length throws {@link
   * IllegalArgumentException} naming the length.
   */
  public static Serializer<Integer> ints() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Integer value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
      }

      @Override
      public Integer deserialize(byte[] bytes) {
        if (bytes.length != Integer.BYTES) {
          throw new IllegalArgumentException("an int is 4 bytes, not " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).getInt();
      }
    };
  }

  /** The bytes themselves (copied both ways). */
  public static Serializer<byte[]> bytes() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(byte[] value) {
        return value.clone();
      }

      @Override
      public byte[] deserialize(byte[] bytes) {
        return bytes.clone();
      }
    };
  }
}
