package io.sediment.lsm.internal.batch;

import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.ValueType;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte encoding of a {@link io.sediment.lsm.WriteBatch}, as a write-ahead log stores it:
 *
 * <pre>
 * batch    := version:u8 (=1) | count:u32 | record* | crc:u32
 * record   := type:u8 | keyLength:varint32 | key | [valueLength:varint32 | value]
 * </pre>
 *
 * Integers are big-endian, varints are LEB128 (7 bits per byte, low bits first). {@code type} is
 * the {@link ValueType} code: PUT and MERGE carry a value, RANGE_DELETE carries the exclusive end
 * key as its value, DELETE carries none. {@code crc} is CRC32C of every byte before it. A decoder
 * accepts bytes only if the checksum matches, every length stays inside the buffer, every type is
 * known, range bounds are ordered, and the records add up to {@code count} exactly.
 */
public final class BatchFormat {

  // Record types: the ValueType codes (constants here so that switches can use them).
  public static final byte DELETE = 0;
  public static final byte PUT = 1;
  public static final byte MERGE = 2;
  public static final byte RANGE_DELETE = 3;

  static {
    if (DELETE != ValueType.DELETE.code()
        || PUT != ValueType.PUT.code()
        || MERGE != ValueType.MERGE.code()
        || RANGE_DELETE != ValueType.RANGE_DELETE.code()) {
      throw new AssertionError("write batch record types out of sync with ValueType");
    }
  }

  /** Format version written in the first byte. */
  public static final int VERSION = 1;

  public static final int HEADER_BYTES = 5;
  public static final int CHECKSUM_BYTES = 4;
  public static final int OVERHEAD_BYTES = HEADER_BYTES + CHECKSUM_BYTES;

  /** Receives one decoded record; {@code value} is null for DELETE. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(byte type, byte[] key, byte[] value);
  }

  private BatchFormat() {}

  /** Appends one record at {@code pos} (the caller made room) and returns the new end. */
  public static int writeRecord(byte[] dst, int pos, byte type, byte[] key, byte[] value) {
    dst[pos++] = type;
    pos = writeVarint(dst, pos, key.length);
    System.arraycopy(key, 0, dst, pos, key.length);
    pos += key.length;
    if (value != null) {
      pos = writeVarint(dst, pos, value.length);
      System.arraycopy(value, 0, dst, pos, value.length);
      pos += value.length;
    }
    return pos;
  }

  /**
   * Bytes a batch holding just this one record encodes to (header, record, checksum); the store
   * counts user bytes written this way whether a write came as a batch or as a single call.
   */
  public static long singleRecordBatchBytes(byte[] key, byte[] value) {
    long record = 1L + varintLength(key.length) + key.length;
    if (value != null) {
      record += varintLength(value.length) + (long) value.length;
    }
    return record + OVERHEAD_BYTES;
  }

  /** Header, records and checksum in a new array. */
  public static byte[] encode(byte[] records, int size, int count) {
    byte[] out = new byte[HEADER_BYTES + size + CHECKSUM_BYTES];
    out[0] = (byte) VERSION;
    putInt(out, 1, count);
    System.arraycopy(records, 0, out, HEADER_BYTES, size);
    putInt(out, HEADER_BYTES + size, crc(out, 0, HEADER_BYTES + size));
    return out;
  }

  /**
   * Checks a whole encoded batch and returns its operation count.
   *
   * @throws CorruptionException naming {@code file} and the offset (from {@code fileOffset}) of the
   *     first bad byte
   */
  public static int validate(byte[] data, String file, long fileOffset) throws CorruptionException {
    if (data.length < OVERHEAD_BYTES) {
      throw new CorruptionException(
          file, fileOffset, "write batch of " + data.length + " bytes is shorter than its header");
    }
    int end = data.length - CHECKSUM_BYTES;
    int stored = getInt(data, end);
    int actual = crc(data, 0, end);
    if (stored != actual) {
      throw new CorruptionException(
          file,
          fileOffset + end,
          String.format(
              "write batch checksum mismatch: stored %08x, computed %08x", stored, actual));
    }
    if ((data[0] & 0xFF) != VERSION) {
      throw new CorruptionException(
          file, fileOffset, "unknown write batch format version " + (data[0] & 0xFF));
    }
    int count = getInt(data, 1);
    int pos = HEADER_BYTES;
    int records = 0;
    while (pos < end) {
      int recordStart = pos;
      int type = data[pos++];
      if (type < DELETE || type > RANGE_DELETE) {
        throw new CorruptionException(
            file, fileOffset + recordStart, "unknown write batch record type " + type);
      }
      long keyLen = readVarint(data, pos, end);
      pos = skip(data, pos, end, keyLen, file, fileOffset + recordStart);
      if (type != DELETE) {
        int keyStart = pos - (int) keyLen;
        long valueLen = readVarint(data, pos, end);
        pos = skip(data, pos, end, valueLen, file, fileOffset + recordStart);
        if (type == RANGE_DELETE
            && Arrays.compareUnsigned(
                    data, keyStart, keyStart + (int) keyLen, data, pos - (int) valueLen, pos)
                >= 0) {
          throw new CorruptionException(
              file, fileOffset + recordStart, "write batch range deletion with begin >= end");
        }
      }
      records++;
    }
    if (records != count) {
      throw new CorruptionException(
          file,
          fileOffset + 1,
          "write batch header counts " + count + " operations, body holds " + records);
    }
    return count;
  }

  /** Decodes the records of a validated (or self-written) record area, in order. */
  public static void forEachRecord(byte[] data, int from, int to, RecordVisitor visitor) {
    int pos = from;
    while (pos < to) {
      byte type = data[pos++];
      int keyLen = (int) readVarint(data, pos, to);
      pos += varintLength(keyLen);
      byte[] key = Arrays.copyOfRange(data, pos, pos + keyLen);
      pos += keyLen;
      byte[] value = null;
      if (type != DELETE) {
        int valueLen = (int) readVarint(data, pos, to);
        pos += varintLength(valueLen);
        value = Arrays.copyOfRange(data, pos, pos + valueLen);
        pos += valueLen;
      }
      visitor.visit(type, key, value);
    }
  }

  private static int skip(byte[] data, int pos, int end, long len, String file, long recordOffset)
      throws CorruptionException {
    if (len < 0) {
      throw new CorruptionException(file, recordOffset, "bad varint length in write batch record");
    }
    pos += varintLength((int) len);
    if (len > end - pos) {
      throw new CorruptionException(
          file, recordOffset, "write batch record length " + len + " runs past the batch end");
    }
    return pos + (int) len;
  }

  /** Encodes a non-negative int as LEB128 at {@code pos}; returns the new end. */
  static int writeVarint(byte[] dst, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      dst[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[pos++] = (byte) v;
    return pos;
  }

  /**
   * Reads a LEB128 int at {@code pos}; -1 if it is truncated, not in its shortest form, or does not
   * fit a non-negative int.
   */
  static long readVarint(byte[] data, int pos, int end) {
    long v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        return -1;
      }
      int b = data[pos++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        // Only the shortest encoding is accepted, so a value's encoded length is implied by it.
        boolean overlong = b == 0 && shift > 0;
        return overlong || v > Integer.MAX_VALUE ? -1 : v;
      }
    }
    return -1;
  }

  static int varintLength(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int crc(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  private static void putInt(byte[] dst, int pos, int v) {
    dst[pos] = (byte) (v >>> 24);
    dst[pos + 1] = (byte) (v >>> 16);
    dst[pos + 2] = (byte) (v >>> 8);
    dst[pos + 3] = (byte) v;
  }

  private static int getInt(byte[] src, int pos) {
    return ((src[pos] & 0xFF) << 24)
        | ((src[pos + 1] & 0xFF) << 16)
        | ((src[pos + 2] & 0xFF) << 8)
        | (src[pos + 3] & 0xFF);
  }
}
