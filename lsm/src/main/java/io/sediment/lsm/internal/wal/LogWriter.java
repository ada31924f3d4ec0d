package io.sediment.lsm.internal.wal;

import io.sediment.fs.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends checksummed records to a new write-ahead log file. A record is acknowledged only after
 * {@link #sync()} returned: what was not synced may be lost, and a torn last record is dropped at
 * recovery.
 *
 * <p>Not thread-safe: the write path serializes writers.
 */
public final class LogWriter implements Closeable {

  private final WritableFile out;

  /** Writes the file header of log {@code logNumber} to the new file {@code out}. */
  public LogWriter(WritableFile out, long logNumber) throws IOException {
    this.out = out;
    ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_BYTES);
    header.putLong(LogFormat.MAGIC).putInt(LogFormat.FORMAT_VERSION).putLong(logNumber);
    out.write(header.array(), 0, header.capacity());
  }

  /** The conventional file name of log {@code number} ({@code 000042.log}). */
  public static String fileName(long number) {
    return LogFormat.fileName(number);
  }

  /** Appends one record (not yet durable). */
  public void addRecord(byte[] payload) throws IOException {
    if (payload.length > LogFormat.MAX_PAYLOAD) {
      throw new IllegalArgumentException("log record too large: " + payload.length + " bytes");
    }
    byte[] len = LogFormat.u32(payload.length);
    byte[] crc = LogFormat.u32(LogFormat.checksum(len, payload, 0, payload.length));
    byte[] record = new byte[LogFormat.RECORD_HEADER_BYTES + payload.length];
    System.arraycopy(len, 0, record, 0, 4);
    System.arraycopy(crc, 0, record, 4, 4);
    System.arraycopy(payload, 0, record, 8, payload.length);
    out.write(record, 0, record.length);
  }

  /** Makes every record added so far durable. */
  public void sync() throws IOException {
    out.sync();
  }

  /** Bytes written so far. */
  public long size() {
    return out.position();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
