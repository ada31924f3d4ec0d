package io.sediment.jmh;

import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

/** RocksDB through rocksdbjni, configured with the same budgets as the Sediment store. */
final class RocksDbStore implements KvStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final LRUCache cache;
  private final Statistics statistics;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDbStore(Options options, LRUCache cache, Statistics statistics, RocksDB db) {
    this.options = options;
    this.cache = cache;
    this.statistics = statistics;
    this.writeOptions = new WriteOptions().setDisableWAL(true);
    this.db = db;
  }

  static RocksDbStore open(Path dir, DbSettings settings) throws IOException {
    LRUCache cache = new LRUCache(Math.max(1, settings.blockCacheBytes()));
    Statistics statistics = new Statistics();
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setBlockSize(settings.blockSize())
            .setFilterPolicy(new BloomFilter(settings.bloomBitsPerKey(), false));
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(settings.memtableBytes())
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setMaxBackgroundJobs(2)
            .setStatistics(statistics)
            .setMergeOperator(new UInt64AddOperator())
            .setTableFormatConfig(table);
    try {
      return new RocksDbStore(options, cache, statistics, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException e) {
      throw new IOException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    try {
      db.put(writeOptions, key, value);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    try {
      db.merge(writeOptions, key, operand);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public int scan(byte[] start, int count) {
    int read = 0;
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(start); it.isValid() && read < count; it.next()) {
        it.key();
        it.value();
        read++;
      }
    }
    return read;
  }

  @Override
  public long liveSstBytes() throws IOException {
    try {
      return db.getLongProperty("rocksdb.live-sst-files-size");
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void compactAll() throws IOException {
    try {
      db.compactRange();
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  @Override
  public long sstBytesWritten() {
    // Not BYTES_WRITTEN as the divisor: it counts encoded write batches (a 12-byte header and
    // per-record framing), which would make the figure incomparable with the other engines'.
    return statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES)
        + statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES);
  }

  /** The RocksDB handle, for benchmarks that use RocksDB features beyond {@link KvStore}. */
  RocksDB rocksDb() {
    return db;
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
    statistics.close();
    cache.close();
  }
}
