package io.sediment.jmh;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.DbStats;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Path;

/** Sediment on the local file system through its public API. */
final class SedimentStore implements KvStore {

  private final Db db;

  private SedimentStore(Db db) {
    this.db = db;
  }

  static SedimentStore open(Path dir, DbSettings settings) throws IOException {
    DbOptions options =
        DbOptions.builder(dir.toUri().toString())
            .settings(settings)
            .mergeFunction(Workloads.counterMerge())
            .build();
    return new SedimentStore(Db.open(options));
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    db.put(key, value);
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    return db.get(key);
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    db.merge(key, operand);
  }

  @Override
  public int scan(byte[] start, int count) throws IOException {
    int read = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seek(start); it.isValid() && read < count; it.next()) {
        it.key();
        it.value();
        read++;
      }
    }
    return read;
  }

  @Override
  public long liveSstBytes() {
    return db.stats().totalBytes();
  }

  @Override
  public void flush() throws IOException {
    db.flush();
  }

  @Override
  public void compactAll() throws IOException {
    db.compactRange(null, null);
  }

  @Override
  public long sstBytesWritten() {
    DbStats stats = db.stats();
    return stats.bytesFlushed() + stats.bytesCompactedWritten();
  }

  @Override
  public void close() throws IOException {
    db.close();
  }
}
