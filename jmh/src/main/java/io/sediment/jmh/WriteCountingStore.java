package io.sediment.jmh;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * An engine's store that counts the key and value bytes passed to {@link #put} and {@link #merge},
 * so that write amplification has one definition for every engine: bytes written to SST files by
 * flushes and compactions ({@link KvStore#sstBytesWritten}) per byte of keys and values written.
 * Counting here rather than taking each engine's own figure matters: RocksDB's {@code
 * BYTES_WRITTEN} counts encoded write batches (131 bytes for a 16-byte key and a 100-byte value)
 * and Sediment's stats their own batch encoding (128 bytes), neither the 116 bytes of user data.
 */
final class WriteCountingStore implements KvStore {

  private final KvStore inner;
  private final LongAdder userBytes = new LongAdder();

  WriteCountingStore(KvStore inner) {
    this.inner = inner;
  }

  /** Key and value bytes written so far. */
  long userBytesWritten() {
    return userBytes.sum();
  }

  /**
   * SST bytes written per byte of keys and values written since the store was opened; 0 before the
   * first write. Data still in the memtable is not counted as written to SSTs.
   */
  double writeAmplification() throws IOException {
    long user = userBytes.sum();
    return user == 0 ? 0 : (double) inner.sstBytesWritten() / user;
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    inner.put(key, value);
    userBytes.add(key.length + value.length);
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    return inner.get(key);
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    inner.merge(key, operand);
    userBytes.add(key.length + operand.length);
  }

  @Override
  public int scan(byte[] start, int count) throws IOException {
    return inner.scan(start, count);
  }

  @Override
  public void flush() throws IOException {
    inner.flush();
  }

  @Override
  public void compactAll() throws IOException {
    inner.compactAll();
  }

  @Override
  public long sstBytesWritten() throws IOException {
    return inner.sstBytesWritten();
  }

  @Override
  public long liveSstBytes() throws IOException {
    return inner.liveSstBytes();
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
