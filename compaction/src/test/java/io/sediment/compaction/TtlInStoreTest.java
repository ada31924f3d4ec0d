package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TTL filter in a real store: compaction drops expired state and trims list heads. */
class TtlInStoreTest {

  @TempDir Path dir;

  @Test
  void compactionDropsExpiredValueStateAndKeepsLiveState() throws IOException {
    ManualClock clock = new ManualClock(550);
    TtlCompactionFilter ttl =
        TtlCompactionFilter.create(
            TtlConfig.valueState(500).withQueryTimeAfterNumEntries(1), clock);
    try (Db db = Db.open(options("value", ttl, null))) {
      for (int i = 0; i < 100; i++) {
        db.put(key(i), TtlCompactionFilterTest.value(i < 50 ? 100 : 900, "v" + i));
      }
      db.flush();
      db.compactRange(null, null);
      assertArrayEquals(
          TtlCompactionFilterTest.value(100, "v0"), db.get(key(0)), "not yet expired");
      clock.set(1_399); // 100 + 500 <= 1399 < 900 + 500
      db.compactRange(null, null);
      for (int i = 0; i < 100; i++) {
        if (i < 50) {
          assertNull(db.get(key(i)), "key " + i);
        } else {
          assertArrayEquals(TtlCompactionFilterTest.value(900, "v" + i), db.get(key(i)));
        }
      }
    }
  }

  @Test
  void compactionTrimsTheExpiredHeadOfListStateBuiltByMerges() throws IOException {
    ManualClock clock = new ManualClock(0);
    TtlCompactionFilter ttl =
        TtlCompactionFilter.create(
            TtlConfig.listState(100, ListElementLength.fixed(10)).withQueryTimeAfterNumEntries(1),
            clock);
    byte[] e1 = TtlCompactionFilterTest.value(10, "aa");
    byte[] e2 = TtlCompactionFilterTest.value(20, "bb");
    byte[] e3 = TtlCompactionFilterTest.value(300, "cc");
    Path d = dir.resolve("list");
    try (Db db = Db.open(options("list", ttl, MergeFunctions.listAppend()))) {
      db.merge(key(1), e1);
      db.merge(key(1), e2);
      db.flush();
      db.merge(key(1), e3);
      db.merge(key(2), e1);
      db.flush();
      clock.set(150);
      db.compactRange(null, null);
      assertArrayEquals(e3, db.get(key(1)));
      assertNull(db.get(key(2)));
    }
    try (Db db = Db.open(options("list", ttl, MergeFunctions.listAppend()))) {
      assertArrayEquals(e3, db.get(key(1)), "after reopening " + d);
    }
  }

  @Test
  void mapStateEntriesExpireOneByOne() throws IOException {
    ManualClock clock = new ManualClock(0);
    TtlCompactionFilter ttl = TtlCompactionFilter.create(TtlConfig.mapState(100), clock);
    try (Db db = Db.open(options("map", ttl, null))) {
      byte[] old =
          TtlCompactionFilterTest.concat(new byte[] {0}, TtlCompactionFilterTest.value(1, "x"));
      byte[] young =
          TtlCompactionFilterTest.concat(new byte[] {0}, TtlCompactionFilterTest.value(90, "y"));
      db.put(key(1), old);
      db.put(key(2), young);
      db.put(key(3), new byte[] {0, 1}); // too short: kept
      db.flush();
      clock.set(150);
      db.compactRange(null, null);
      assertNull(db.get(key(1)));
      assertArrayEquals(young, db.get(key(2)));
      assertArrayEquals(new byte[] {0, 1}, db.get(key(3)));
    }
  }

  private DbOptions options(String name, TtlCompactionFilter ttl, MergeFunction merge) {
    DbOptions.Builder b =
        DbOptions.builder(dir.resolve(name).toUri().toString())
            .compression(Compression.NONE)
            .compactionFilter(ttl);
    if (merge != null) {
      b.mergeFunction(merge);
    }
    return b.build();
  }

  private static byte[] key(int i) {
    return ("key" + i).getBytes(StandardCharsets.US_ASCII);
  }
}
