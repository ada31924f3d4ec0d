package io.sediment.stream;

import io.sediment.compaction.Aggregator;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/** The states every test store declares, and stores on a directory. */
final class TestStates {

  static final int MAX_PARALLELISM = 128;

  static final StateDescriptor<ValueState<Long>> VALUE =
      StateDescriptor.value("v", Serializers.longs());
  static final StateDescriptor<ListState<String>> LIST =
      StateDescriptor.list("l", Serializers.string());
  static final StateDescriptor<MapState<String, Long>> MAP =
      StateDescriptor.map("m", Serializers.string(), Serializers.longs());

  /** Order-sensitive on purpose: a fold in the wrong order gives another number. */
  static final StateDescriptor<ReducingState<Long>> REDUCING =
      StateDescriptor.reducing("r", (a, b) -> a * 31 + b, Serializers.longs());

  static final StateDescriptor<AggregatingState<Long, String>> AGGREGATING =
      StateDescriptor.aggregating("a", new SumCount(), a -> a[0] + "/" + a[1]);

  private TestStates() {}

  /** Sum and count of longs, 16 bytes. */
  static final class SumCount implements Aggregator<Long, long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Long input, long[] acc) {
      return new long[] {acc[0] + input, acc[1] + 1};
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], a[1] + b[1]};
    }

    @Override
    public byte[] serialize(long[] acc) {
      return ByteBuffer.allocate(16).putLong(acc[0]).putLong(acc[1]).array();
    }

    @Override
    public long[] deserialize(byte[] bytes) {
      if (bytes.length != 16) {
        throw new IllegalArgumentException("sum/count is 16 bytes, not " + bytes.length);
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new long[] {b.getLong(), b.getLong()};
    }
  }

  /**
   * Options of a store in {@code dir}; behind the latency-injecting file system ({@code
   * latency+file://}) when {@code latency} is set, with no block cache when {@code cacheOff}, and a
   * small memtable so that reads reach files.
   */
  static DbOptions.Builder options(Path dir, boolean latency, boolean cacheOff) {
    Configuration conf = new Configuration();
    String uri = dir.toAbsolutePath().toUri().toString();
    if (latency) {
      conf.set(LatencyModel.DEFAULT_KEY, "100us");
      uri = "latency+" + uri;
    }
    DbOptions.Builder b =
        DbOptions.builder(uri).hadoopConfiguration(conf).memtableBytes(32 * 1024).readThreads(8);
    if (cacheOff) {
      b.blockCacheBytes(0);
    }
    return b;
  }

  /** A store of every test state over all key groups. */
  static KeyedStateStore<String> open(DbOptions.Builder options, Clock clock) throws IOException {
    return KeyedStateStore.builder(
            options,
            Serializers.string(),
            KeyGroupRange.of(0, MAX_PARALLELISM - 1),
            MAX_PARALLELISM)
        .declare(VALUE, LIST, MAP, REDUCING, AGGREGATING)
        .clock(clock)
        .open();
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
