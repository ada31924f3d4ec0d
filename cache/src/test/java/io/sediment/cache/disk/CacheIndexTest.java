package io.sediment.cache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget, recency and admission decisions of the index, with real files behind the entries. */
class CacheIndexTest {

  private static final long CAPACITY = 1_000;

  @TempDir Path dir;
  private StatsCounters stats;
  private CacheIndex index;

  @BeforeEach
  void setUp() {
    stats = new StatsCounters();
    index = new CacheIndex(CAPACITY, new TinyLfuAdmission(new FrequencySketch(256)), stats);
    index.setAdmissionListener(
        used -> assertTrue(used <= CAPACITY, "budget exceeded: " + used + " > " + CAPACITY));
  }

  private static SegmentKey key(String path, long index) {
    return new SegmentKey(new FileIdentity(path, 1_000_000, ""), index);
  }

  /** Publishes an entry of exactly {@code bytes} on disk for {@code key}, as a read miss would. */
  private boolean admit(SegmentKey key, int bytes) throws Exception {
    Reservation r = index.reserveForRead(key, bytes);
    if (r == null) {
      return false;
    }
    try {
      Path temp = Files.createTempFile(dir, EntryFormat.TEMP_PREFIX, EntryFormat.TEMP_SUFFIX);
      Files.write(temp, new byte[bytes]);
      CacheEntry entry =
          new CacheEntry(
              key, dir.resolve(EntryFormat.entryName(key)), 0, bytes, bytes, new int[1], bytes);
      return index.publish(r, temp, entry);
    } finally {
      index.release(r);
    }
  }

  @Test
  void admitsFreelyWhileThereIsRoom() throws Exception {
    for (int i = 0; i < 4; i++) {
      index.lookup(key("/a", i));
      assertTrue(admit(key("/a", i), 250));
    }
    assertEquals(1_000, index.usedBytes());
    assertEquals(4, index.entryCount());
    assertEquals(0, stats.evictions.sum());
  }

  @Test
  void coldCandidateDoesNotDisplaceWarmEntries() throws Exception {
    for (int i = 0; i < 4; i++) {
      index.lookup(key("/a", i));
      admit(key("/a", i), 250);
    }
    index.lookup(key("/cold", 0)); // one access, the same as the least recent resident entry
    assertFalse(admit(key("/cold", 0), 250));
    assertEquals(1, stats.admissionsRejected.sum());
    assertEquals(4, index.entryCount());

    index.lookup(key("/cold", 0)); // second access: now more popular than the LRU victim
    assertTrue(admit(key("/cold", 0), 250));
    assertEquals(1, stats.evictions.sum());
    assertNull(index.lookup(key("/a", 0)), "the least recently used entry went");
    assertFalse(Files.exists(dir.resolve(EntryFormat.entryName(key("/a", 0)))));
  }

  @Test
  void loadsThatEvictArePaidForByWhatTheCacheServes() throws Exception {
    for (int i = 0; i < 4; i++) {
      index.lookup(key("/a", i));
      admit(key("/a", i), 250);
    }
    // The credit starts at the capacity: four admissions that evict, each hotter than its victim.
    int admitted = 0;
    for (int i = 0; i < 6; i++) {
      SegmentKey hot = key("/hot", i);
      index.lookup(hot);
      index.lookup(hot);
      index.lookup(hot);
      if (admit(hot, 250)) {
        admitted++;
      }
    }
    assertEquals(4, admitted, "a capacity's worth of evicting loads, then no credit");
    assertEquals(0, index.loadCredit().available());
    long rejected = stats.admissionsRejected.sum();
    SegmentKey next = key("/hot", 9);
    for (int i = 0; i < 5; i++) {
      index.lookup(next);
    }
    assertFalse(admit(next, 250), "hotter than every victim, but unpaid");
    assertEquals(rejected + 1, stats.admissionsRejected.sum());

    index.loadCredit().earnByHit(200); // bytes served from local copies
    index.loadCredit().earnByMiss(16 * 50); // bytes read from remote earn a sixteenth
    assertEquals(250, index.loadCredit().available());
    assertTrue(admit(next, 250));
    index.loadCredit().earnByHit(5_000);
    assertEquals(CAPACITY, index.loadCredit().available(), "credit stops at the capacity");
  }

  @Test
  void hitsPromoteSoTheLeastRecentIsEvicted() throws Exception {
    for (int i = 0; i < 4; i++) {
      index.lookup(key("/a", i));
      admit(key("/a", i), 250);
    }
    assertNotNull(index.lookup(key("/a", 0))); // /a#0 is now the most recent
    Reservation r = index.reserveForWrite("/w", 250); // forced: evicts the LRU entry, /a#1
    assertNotNull(r);
    assertNotNull(index.lookup(key("/a", 0)));
    assertNull(index.lookup(key("/a", 1)));
    index.release(r);
  }

  @Test
  void reservationsCountAndCannotBeEvicted() {
    Reservation a = index.reserveForWrite("/w1", 600);
    assertNotNull(a);
    assertNull(index.reserveForWrite("/w2", 600), "the first reservation is not evictable");
    assertFalse(index.grow(a, 401));
    assertTrue(index.grow(a, 400));
    assertEquals(1_000, index.usedBytes());
    index.release(a);
    assertEquals(0, index.usedBytes());
  }

  @Test
  void oversizedCandidateIsRejected() {
    assertNull(index.reserveForRead(key("/big", 0), CAPACITY + 1));
    assertEquals(1, stats.admissionsRejected.sum());
  }

  @Test
  void invalidateRemovesEntriesAndCancelsInFlightCopies() throws Exception {
    index.lookup(key("/a", 0));
    admit(key("/a", 0), 100);
    index.lookup(key("/b", 0));
    admit(key("/b", 0), 100);
    Reservation inFlight = index.reserveForRead(key("/a", 1), 100);

    index.invalidate("/a");

    assertNull(index.lookup(key("/a", 0)));
    assertNotNull(index.lookup(key("/b", 0)));
    Path temp = Files.createTempFile(dir, EntryFormat.TEMP_PREFIX, EntryFormat.TEMP_SUFFIX);
    Files.write(temp, new byte[100]);
    CacheEntry late =
        new CacheEntry(
            key("/a", 1),
            dir.resolve(EntryFormat.entryName(key("/a", 1))),
            0,
            100,
            100,
            new int[1],
            100);
    assertFalse(index.publish(inFlight, temp, late));
    assertFalse(Files.exists(temp));
    assertFalse(Files.exists(late.file()));
    index.release(inFlight);
    assertEquals(100, index.usedBytes());
  }

  @Test
  void staleIdentitiesOfAPathAreDropped() throws Exception {
    SegmentKey old = new SegmentKey(new FileIdentity("/f", 500, "1"), 0);
    index.lookup(old);
    admit(old, 100);
    index.dropStale(new FileIdentity("/f", 500, "1"));
    assertEquals(1, index.entryCount(), "same file: kept");
    index.dropStale(new FileIdentity("/f", 500, ""));
    assertEquals(1, index.entryCount(), "version unknown: cannot tell, kept (never matched)");
    index.dropStale(new FileIdentity("/f", 600, ""));
    assertEquals(0, index.entryCount(), "other length: another file");
  }

  @Test
  void trimToCapacityEvictsOldestRecovered() throws Exception {
    for (int i = 0; i < 5; i++) {
      SegmentKey k = key("/r", i);
      Path file = dir.resolve(EntryFormat.entryName(k));
      Files.write(file, new byte[300]);
      index.addRecovered(new CacheEntry(k, file, 0, 300, 300, new int[1], 300));
    }
    index.trimToCapacity();
    assertEquals(900, index.usedBytes());
    assertNull(index.lookup(key("/r", 0)));
    assertNull(index.lookup(key("/r", 1)));
    assertNotNull(index.lookup(key("/r", 4)));
  }
}
