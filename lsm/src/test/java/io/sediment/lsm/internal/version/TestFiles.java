package io.sediment.lsm.internal.version;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.nio.charset.StandardCharsets;

/** Hand-built file metadata for version and picker tests. */
public final class TestFiles {

  private TestFiles() {}

  public static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A file holding puts of user keys {@code first..last} with sequences {@code lo..hi}. */
  public static FileMetadata file(
      long number, int level, String first, String last, long size, long lo, long hi) {
    return new FileMetadata(
        number,
        level,
        InternalKey.encode(key(first), hi, ValueType.PUT),
        InternalKey.encode(key(last), lo, ValueType.PUT),
        size,
        10,
        0,
        0,
        lo,
        hi,
        FileMetadata.sstName(number),
        "");
  }

  /** As {@link #file} but its largest bound is a range tombstone's exclusive end {@code end}. */
  public static FileMetadata fileEndingAtTombstone(
      long number, int level, String first, String end, long size, long lo, long hi) {
    return new FileMetadata(
        number,
        level,
        InternalKey.encode(key(first), hi, ValueType.PUT),
        InternalKey.encode(key(end), InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE),
        size,
        10,
        0,
        1,
        lo,
        hi,
        FileMetadata.sstName(number),
        "");
  }
}
