package io.sediment.compaction;

/**
 * Tells where one element of a list-state value ends, so the TTL filter can step from element to
 * element (as Flink's RocksDB list-element filter does, with a fixed length or by deserializing the
 * element). Implementations must be deterministic and thread-safe, and have a stable {@link
 * #name()} by which a remote compaction job finds them again.
 */
public interface ListElementLength {

  /** Prefix of the names of {@link #fixed} lengths: {@code fixed:<bytes>}. */
  String FIXED_PREFIX = "fixed:";

  /** A stable identifier, written into the filter's text configuration. */
  String name();

  /**
   * The length in bytes of the element starting at {@code offset} of {@code list}, without the
   * delimiter after it; or -1 when the bytes there are not an element this function understands.
   * Must not modify the array.
   */
  int length(byte[] list, int offset);

  /**
   * Elements of {@code bytes} bytes each (the 8-byte timestamp included), as when the user value's
   * serializer has a fixed length; named {@code fixed:<bytes>}.
   *
   * @throws IllegalArgumentException naming the value when it is below 8 (no room for the
   *     timestamp)
   */
  static ListElementLength fixed(int bytes) {
    if (bytes < Long.BYTES) {
      throw new IllegalArgumentException(
          "a list element holds an 8-byte timestamp; fixed length " + bytes + " is too small");
    }
    return new ListElementLength() {
      @Override
      public String name() {
        return FIXED_PREFIX + bytes;
      }

      @Override
      public int length(byte[] list, int offset) {
        return bytes;
      }

      @Override
      public String toString() {
        return name();
      }
    };
  }
}
