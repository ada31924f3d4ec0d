package io.sediment.fuzz;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link KvStore} over the engine: every call goes to an open {@link Db}; {@link #reopen()} closes
 * it and opens the same directory with the same options, {@link #crash()} abandons it without a
 * flush (its memtables are lost, as when the process dies) and opens the directory again.
 *
 * <p>A crash keeps every acknowledged write only when each write is synced to the write-ahead log
 * before it returns, so {@link #supportsCrash()} is true exactly when the WAL is enabled; without
 * it, which writes a crash loses depends on background flush timing, which no model can predict.
 */
public final class DbStore implements KvStore {

  private final DbOptions options;
  private Db db;

  /** Opens (or creates) the store of {@code options}. */
  public DbStore(DbOptions options) throws IOException {
    this.options = options;
    this.db = Db.open(options);
  }

  /** The open engine. */
  public Db db() {
    return db;
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    db.put(key, value);
  }

  @Override
  public void delete(byte[] key) throws IOException {
    db.delete(key);
  }

  @Override
  public void deleteRange(byte[] beginInclusive, byte[] endExclusive) throws IOException {
    db.deleteRange(beginInclusive, endExclusive);
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    db.merge(key, operand);
  }

  @Override
  public void write(WriteBatch batch) throws IOException {
    db.write(batch);
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) throws IOException {
    return options.snapshot() == null ? db.get(key) : db.get(options, key);
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return db.getAsync(key);
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return db.multiGet(keys);
  }

  @Override
  public Snapshot snapshot() {
    return db.snapshot();
  }

  @Override
  public DbIterator newIterator(ReadOptions options) throws IOException {
    return db.newIterator(options);
  }

  @Override
  public void flush() throws IOException {
    db.flush();
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    db.compactRange(begin, end);
  }

  @Override
  public void reopen() throws IOException {
    db.close();
    db = Db.open(options);
  }

  @Override
  public void crash() throws IOException {
    if (!supportsCrash()) {
      throw new UnsupportedOperationException(
          "a crash without the write-ahead log loses an unpredictable set of writes: "
              + options.dirUri());
    }
    db.internal().close(false);
    db = Db.open(options);
  }

  @Override
  public boolean supportsCrash() {
    return options.walEnabled();
  }

  @Override
  public void close() throws IOException {
    db.close();
  }

  @Override
  public String toString() {
    return "DbStore[" + options + "]";
  }
}
