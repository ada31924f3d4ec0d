package io.sediment.lsm.internal.wal;

import io.sediment.lsm.CorruptionException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back the records of a write-ahead log.
 *
 * <p>A torn tail (the file ends inside a record's header or payload, or its last record fails its
 * checksum) is dropped: that record's write was never acknowledged, since acknowledgement waits for
 * a sync of the whole record. A record that fails its checksum with more data after it cannot be a
 * torn tail and is reported as corruption.
 */
public final class LogReader {

  /**
   * Records of one log, the file offset of each record's payload, and whether a torn tail was
   * dropped.
   */
  public record Contents(
      long logNumber, List<byte[]> records, List<Long> payloadOffsets, boolean tornTailDropped) {}

  private LogReader() {}

  /**
   * Parses the whole content of a log file.
   *
   * @param file name used in errors
   * @throws CorruptionException naming the file and offset for a bad header or a bad record that is
   *     not the tail
   */
  public static Contents read(byte[] data, String file) throws CorruptionException {
    if (data.length < LogFormat.HEADER_BYTES) {
      // A log whose header never became durable holds no acknowledged record.
      return new Contents(-1, List.of(), List.of(), data.length > 0);
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (buf.getLong() != LogFormat.MAGIC) {
      throw new CorruptionException(file, 0, "bad write-ahead log magic");
    }
    int version = buf.getInt();
    if (version != LogFormat.FORMAT_VERSION) {
      throw new CorruptionException(file, 8, "unsupported log format version " + version);
    }
    long logNumber = buf.getLong();
    List<byte[]> records = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    int pos = LogFormat.HEADER_BYTES;
    while (pos < data.length) {
      if (data.length - pos < LogFormat.RECORD_HEADER_BYTES) {
        return new Contents(logNumber, records, offsets, true);
      }
      int length = buf.getInt(pos);
      int stored = buf.getInt(pos + 4);
      long end = (long) pos + LogFormat.RECORD_HEADER_BYTES + (length & 0xFFFFFFFFL);
      if (length < 0 || end > data.length) {
        if (length >= 0) {
          return new Contents(logNumber, records, offsets, true);
        }
        throw new CorruptionException(file, pos, "bad log record length " + length);
      }
      int payloadAt = pos + LogFormat.RECORD_HEADER_BYTES;
      int computed =
          LogFormat.checksum(Arrays.copyOfRange(data, pos, pos + 4), data, payloadAt, length);
      if (computed != stored) {
        if (end == data.length) {
          return new Contents(logNumber, records, offsets, true);
        }
        throw new CorruptionException(
            file,
            pos,
            String.format(
                "log record checksum mismatch: stored %08x, computed %08x", stored, computed));
      }
      records.add(Arrays.copyOfRange(data, payloadAt, (int) end));
      offsets.add((long) payloadAt);
      pos = (int) end;
    }
    return new Contents(logNumber, records, offsets, false);
  }
}
