package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.manifest.FirstManifest;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores with disjoint key-group ranges and independent sequence numbers combined into one by a
 * first manifest of clipped references, read and written against an in-memory model of the target
 * range.
 *
 * <p>The sources: S0 declares every key group and ends with range deletions across many groups; S1
 * (groups 0-3) and S2 (4-7) start from S0's files clipped to their ranges (so they list S0's
 * straddling files and its range deletions) and go on writing with S0's numbering; S3 (8-11) is
 * written from scratch with its own, much lower, sequence numbers. The target (groups 2-9) takes
 * S1, S2 and S3 clipped to it. An S0 range deletion through S2's reference that covered S3's keys
 * (all with lower sequence numbers) would hide them: the clip must cut it.
 */
class ClippedStoresModelTest {

  @TempDir Path dir;

  private static final int MAX_P = 12;
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);
  private static final int SUFFIXES = 30;

  private final Random random = new Random(Long.getLong("sediment.modelSeed", 20261208L));

  private static TreeMap<byte[], byte[]> newModel() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  private static byte[] key(int group, int suffix) {
    return PREFIX.prepend(group, String.format("k%02d", suffix).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bound(int group) {
    // prefix(group); for group == MAX_P the exclusive end of the last key group
    return group < MAX_P
        ? PREFIX.encode(group)
        : PREFIX.upperBound(KeyGroupRange.of(MAX_P - 1, MAX_P - 1));
  }

  private String uri(String name) {
    return dir.resolve(name).toUri().toString();
  }

  private static DbOptions.Builder options(String uri) {
    return DbOptions.builder(uri)
        .mergeFunction(new ConcatMerge())
        .memtableBytes(4 * 1024)
        .targetFileSizeBytes(2 * 1024)
        .maxBytesForLevelBase(8 * 1024)
        .l0CompactionTrigger(2)
        .blockSize(256)
        .blockCacheBytes(64 * 1024);
  }

  /** Random writes of keys of {@code range}, flushes and full compactions, on store and model. */
  private void workload(Db db, TreeMap<byte[], byte[]> model, KeyGroupRange range, int ops)
      throws IOException {
    for (int i = 0; i < ops; i++) {
      int group = range.start() + random.nextInt(range.size());
      byte[] k = key(group, random.nextInt(SUFFIXES));
      int op = random.nextInt(100);
      if (op < 55) {
        byte[] v = ("v" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
        db.put(k, v);
        model.put(k, v);
      } else if (op < 70) {
        db.delete(k);
        model.remove(k);
      } else if (op < 88) {
        byte[] operand = ("m" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8);
        db.merge(k, operand);
        model.put(k, ConcatMerge.apply(model.get(k), operand));
      } else if (op < 95) {
        int endGroup = group + random.nextInt(Math.min(3, range.end() - group + 1));
        byte[] end =
            random.nextInt(3) == 0 ? bound(endGroup + 1) : key(endGroup, random.nextInt(SUFFIXES));
        if (Arrays.compareUnsigned(k, end) < 0) {
          deleteRange(db, model, k, end);
        }
      } else if (op < 98) {
        db.flush();
      } else {
        db.compactRange(null, null);
      }
    }
  }

  private static void deleteRange(Db db, TreeMap<byte[], byte[]> model, byte[] begin, byte[] end)
      throws IOException {
    db.deleteRange(begin, end);
    model.subMap(begin, true, end, false).clear();
  }

  /** The model's entries in {@code [lower, upper)} of the key groups. */
  private static TreeMap<byte[], byte[]> restrict(
      TreeMap<byte[], byte[]> model, int firstGroup, int lastGroup) {
    TreeMap<byte[], byte[]> out = newModel();
    out.putAll(model.subMap(bound(firstGroup), true, bound(lastGroup + 1), false));
    return out;
  }

  /** What a source lists: its files, and its last sequence number. */
  private record Listing(List<FileMetadata> files, long lastSequence) {}

  private static Listing listing(String uri) throws IOException {
    try (FileSystemView view = FileSystemView.open(uri, null)) {
      ManifestContents m = ManifestStore.recover(view).orElseThrow().contents();
      List<FileMetadata> files = new ArrayList<>();
      for (FileMetadata f : m.files()) {
        String physical =
            f.inStoreDirectory() ? view.resolve(f.logicalName()).toString() : f.physicalPath();
        files.add(f.relinked(f.fileNumber(), physical, f.ownership()));
      }
      return new Listing(files, m.lastSequence());
    }
  }

  /**
   * References to the files of {@code source} clipped to the key groups {@code [first, last]},
   * numbered from {@code next[0]}.
   */
  private static List<FileMetadata> references(
      Listing source, int first, int last, long[] next, FileOwnership ownership) {
    List<FileMetadata> out = new ArrayList<>();
    for (FileMetadata f : source.files()) {
      Optional<FileMetadata> clipped = f.clippedTo(bound(first), bound(last + 1));
      if (clipped.isPresent()) {
        out.add(clipped.get().relinked(next[0]++, f.physicalPath(), ownership));
      }
    }
    return out;
  }

  @Test
  void combinedStoresReadAsTheirRangesDid() throws IOException {
    // S0: every key group, ending with range deletions across groups.
    KeyGroupRange all = KeyGroupRange.of(0, MAX_P - 1);
    TreeMap<byte[], byte[]> m0 = newModel();
    try (Db s0 = Db.open(options(uri("s0")).keyGroups(all, MAX_P).build())) {
      workload(s0, m0, all, 700);
      deleteRange(s0, m0, key(1, 5), key(10, 20));
      s0.put(key(3, 7), bytes("after"));
      m0.put(key(3, 7), bytes("after"));
      s0.flush();
      verify(s0, m0, null);
    }
    Listing l0 = listing(uri("s0"));

    // S1 and S2 start from S0's files, clipped; S3 starts from nothing.
    TreeMap<byte[], byte[]> m1 = split(l0, m0, "s1", 0, 3, 250);
    TreeMap<byte[], byte[]> m2 = split(l0, m0, "s2", 4, 7, 0);
    TreeMap<byte[], byte[]> m3 = newModel();
    try (Db s3 = Db.open(options(uri("s3")).keyGroups(KeyGroupRange.of(8, 11), MAX_P).build())) {
      workload(s3, m3, KeyGroupRange.of(8, 11), 250);
      s3.flush();
      verify(s3, m3, null);
    }
    Listing l1 = listing(uri("s1"));
    Listing l2 = listing(uri("s2"));
    Listing l3 = listing(uri("s3"));
    assertTrue(
        l3.lastSequence() < l0.lastSequence(),
        "S3's numbering is independent and lower: " + l3.lastSequence());
    assertTrue(
        l2.files().stream().anyMatch(f -> f.clipped() && f.rangeDeletionCount() > 0),
        "S2 lists S0's file with the wide range deletion, clipped: " + l2.files());

    // The target, key groups 2-9.
    long[] next = {1};
    List<FileMetadata> refs = new ArrayList<>();
    refs.addAll(references(l1, 2, 3, next, FileOwnership.NOT_OWNED));
    refs.addAll(references(l2, 4, 7, next, FileOwnership.NOT_OWNED));
    refs.addAll(references(l3, 8, 9, next, FileOwnership.NOT_OWNED));
    long last = Math.max(l1.lastSequence(), Math.max(l2.lastSequence(), l3.lastSequence()));
    KeyGroupRange target = KeyGroupRange.of(2, 9);
    DbOptions targetOptions = options(uri("t")).keyGroups(target, MAX_P).build();
    FirstManifest.publish(targetOptions, refs, last);
    TreeMap<byte[], byte[]> mt = restrict(m1, 2, 3);
    mt.putAll(m2);
    mt.putAll(restrict(m3, 8, 9));
    assertTrue(restrict(m3, 8, 9).size() > 10, "S3 holds data under S0's range deletion to check");

    try (Db t = Db.open(targetOptions)) {
      verify(t, mt, null);
      Snapshot before = t.snapshot();
      TreeMap<byte[], byte[]> atSnapshot = newModel();
      atSnapshot.putAll(mt);
      for (int round = 0; round < 3; round++) {
        workload(t, mt, target, 150);
        verify(t, mt, null);
        verify(t, atSnapshot, before);
      }
      t.flush();
      verify(t, mt, null);
      t.compactRange(null, null);
      verify(t, mt, null);
      verify(t, atSnapshot, before);
      before.close();
    }
    Listing compacted = listing(uri("t"));
    for (FileMetadata f : compacted.files()) {
      assertFalse(f.clipped(), "a full compaction rewrites every clipped reference: " + f);
      assertEquals(FileOwnership.OWNED, f.ownership(), f.toString());
    }
    try (Db t = Db.open(options(uri("t")).build())) {
      verify(t, mt, null);
      workload(t, mt, target, 100);
      verify(t, mt, null);
    }
    // The target never deleted what it only referenced: the sources still read as they did.
    try (Db s2 = Db.open(options(uri("s2")).build())) {
      verify(s2, m2, null);
    }
  }

  /**
   * Creates store {@code name} for groups [first, last] from S0's files; with {@code ops > 0} opens
   * it and writes to it, otherwise leaves it as created (a rescaled store that never wrote).
   */
  private TreeMap<byte[], byte[]> split(
      Listing l0, TreeMap<byte[], byte[]> m0, String name, int first, int last, int ops)
      throws IOException {
    KeyGroupRange range = KeyGroupRange.of(first, last);
    DbOptions options = options(uri(name)).keyGroups(range, MAX_P).build();
    FirstManifest.publish(
        options,
        references(l0, first, last, new long[] {1}, FileOwnership.NOT_OWNED),
        l0.lastSequence());
    TreeMap<byte[], byte[]> model = restrict(m0, first, last);
    if (ops == 0) {
      return model;
    }
    try (Db db = Db.open(options)) {
      verify(db, model, null);
      workload(db, model, range, ops);
      db.flush();
      verify(db, model, null);
    }
    return model;
  }

  /** One physical file listed twice, owned: compacting one reference must not delete it. */
  @Test
  void aFileReferencedTwiceIsDeletedOnlyWithItsLastReference() throws IOException {
    KeyGroupRange all = KeyGroupRange.of(0, MAX_P - 1);
    TreeMap<byte[], byte[]> model = newModel();
    try (Db p =
        Db.open(options(uri("p")).targetFileSizeBytes(1 << 20).keyGroups(all, MAX_P).build())) {
      for (int g = 0; g < MAX_P; g++) {
        for (int s = 0; s < SUFFIXES; s += 3) {
          p.put(key(g, s), bytes(g + "/" + s));
          model.put(key(g, s), bytes(g + "/" + s));
        }
      }
      p.compactRange(null, null);
    }
    Listing lp = listing(uri("p"));
    assertEquals(1, lp.files().size(), "one file holds everything: " + lp.files());
    String physical = lp.files().get(0).physicalPath();
    Path local = Path.of(java.net.URI.create(physical));
    long[] next = {1};
    List<FileMetadata> refs = new ArrayList<>();
    refs.addAll(references(lp, 0, 5, next, FileOwnership.OWNED));
    refs.addAll(references(lp, 6, MAX_P - 1, next, FileOwnership.OWNED));
    assertEquals(2, refs.size());
    DbOptions options = options(uri("twice")).keyGroups(all, MAX_P).build();
    FirstManifest.publish(options, refs, lp.lastSequence());
    try (Db t = Db.open(options)) {
      verify(t, model, null);
      t.compactRange(key(0, 0), key(5, SUFFIXES));
      assertTrue(Files.exists(local), "the second reference still reads " + local);
      verify(t, model, null);
      t.put(key(7, 1), bytes("new"));
      model.put(key(7, 1), bytes("new"));
      t.compactRange(null, null);
      verify(t, model, null);
      assertFalse(Files.exists(local), "no reference left: the owned file is deleted");
    }
  }

  /** Point reads (get, getAsync, multiGet) and scans with random bounds, against the model. */
  private void verify(Db db, TreeMap<byte[], byte[]> model, Snapshot snapshot) throws IOException {
    ReadOptions read = ReadOptions.defaults().snapshot(snapshot);
    List<byte[]> keys = new ArrayList<>();
    for (int g = 0; g < MAX_P; g++) {
      keys.add(bound(g));
      for (int s = 0; s < SUFFIXES; s++) {
        keys.add(key(g, s));
      }
    }
    for (byte[] k : keys) {
      assertArrayEquals(model.get(k), db.get(read, k), () -> "get " + Bytes.toDisplay(k));
    }
    if (snapshot == null) {
      List<byte[]> values = db.multiGet(keys);
      for (int i = 0; i < keys.size(); i++) {
        assertArrayEquals(model.get(keys.get(i)), values.get(i), "multiGet");
      }
      byte[] k = keys.get(random.nextInt(keys.size()));
      assertArrayEquals(model.get(k), db.getAsync(k).join(), "getAsync");
    }
    for (int round = 0; round < 6; round++) {
      byte[] lower = random.nextInt(4) == 0 ? null : keys.get(random.nextInt(keys.size()));
      byte[] upper = random.nextInt(4) == 0 ? null : keys.get(random.nextInt(keys.size()));
      if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
        byte[] swap = lower;
        lower = upper;
        upper = swap;
      }
      TreeMap<byte[], byte[]> expected = newModel();
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        if ((lower == null || Arrays.compareUnsigned(e.getKey(), lower) >= 0)
            && (upper == null || Arrays.compareUnsigned(e.getKey(), upper) < 0)) {
          expected.put(e.getKey(), e.getValue());
        }
      }
      ReadOptions bounded = ReadOptions.defaults().snapshot(snapshot);
      if (lower != null) {
        bounded = bounded.lowerBound(lower);
      }
      if (upper != null) {
        bounded = bounded.upperBound(upper);
      }
      try (DbIterator it = db.newIterator(bounded)) {
        List<Map.Entry<byte[], byte[]>> want = new ArrayList<>(expected.entrySet());
        int i = 0;
        for (it.seekToFirst(); it.isValid(); it.next(), i++) {
          assertTrue(i < want.size(), "forward scan longer than the model");
          assertArrayEquals(want.get(i).getKey(), it.key());
          assertArrayEquals(want.get(i).getValue(), it.value());
        }
        assertEquals(want.size(), i, "forward scan length");
        i = want.size() - 1;
        for (it.seekToLast(); it.isValid(); it.prev(), i--) {
          assertTrue(i >= 0, "backward scan longer than the model");
          assertArrayEquals(want.get(i).getKey(), it.key());
          assertArrayEquals(want.get(i).getValue(), it.value());
        }
        assertEquals(-1, i, "backward scan length");
        byte[] target = keys.get(random.nextInt(keys.size()));
        it.seek(target);
        Map.Entry<byte[], byte[]> ceiling = expected.ceilingEntry(target);
        assertEquals(ceiling != null, it.isValid(), "seek");
        if (ceiling != null) {
          assertArrayEquals(ceiling.getKey(), it.key());
        }
        it.seekForPrev(target);
        Map.Entry<byte[], byte[]> floor = expected.floorEntry(target);
        assertEquals(floor != null, it.isValid(), "seekForPrev");
        if (floor != null) {
          assertArrayEquals(floor.getKey(), it.key());
        }
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
