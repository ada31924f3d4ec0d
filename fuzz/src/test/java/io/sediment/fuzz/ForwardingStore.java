package io.sediment.fuzz;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link KvStore} that passes every call to another; tests override single methods. */
class ForwardingStore implements KvStore {

  private final KvStore delegate;

  ForwardingStore(KvStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    delegate.put(key, value);
  }

  @Override
  public void delete(byte[] key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public void deleteRange(byte[] beginInclusive, byte[] endExclusive) throws IOException {
    delegate.deleteRange(beginInclusive, endExclusive);
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    delegate.merge(key, operand);
  }

  @Override
  public void write(WriteBatch batch) throws IOException {
    delegate.write(batch);
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) throws IOException {
    return delegate.get(options, key);
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return delegate.getAsync(key);
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return delegate.multiGet(keys);
  }

  @Override
  public Snapshot snapshot() {
    return delegate.snapshot();
  }

  @Override
  public DbIterator newIterator(ReadOptions options) throws IOException {
    return delegate.newIterator(options);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    delegate.compactRange(begin, end);
  }

  @Override
  public void reopen() throws IOException {
    delegate.reopen();
  }

  @Override
  public void crash() throws IOException {
    delegate.crash();
  }

  @Override
  public boolean supportsCrash() {
    return delegate.supportsCrash();
  }

  @Override
  public void checkpoint(long id) throws IOException {
    delegate.checkpoint(id);
  }

  @Override
  public void discardCheckpoint(long id) throws IOException {
    delegate.discardCheckpoint(id);
  }

  @Override
  public void collectGarbage() throws IOException {
    delegate.collectGarbage();
  }

  @Override
  public void discardWhileClosed(long id) throws IOException {
    delegate.discardWhileClosed(id);
  }

  @Override
  public void restore(long id, boolean claim) throws IOException {
    delegate.restore(id, claim);
  }

  @Override
  public boolean supportsCheckpoints() {
    return delegate.supportsCheckpoints();
  }

  @Override
  public void declareKeyGroups(int maxParallelism) throws IOException {
    delegate.declareKeyGroups(maxParallelism);
  }

  @Override
  public String rescaleSplit(long id, int parts, int keep) throws IOException {
    return delegate.rescaleSplit(id, parts, keep);
  }

  @Override
  public String rescaleMerge(long id) throws IOException {
    return delegate.rescaleMerge(id);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
