package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.internal.sst.KeyGroupSpan;
import io.sediment.lsm.internal.sst.SstReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Writes to a store that declares key groups, and the declaration across reopens. */
class KeyGroupWritesTest {

  @TempDir Path dir;

  private static final int MAX_P = 300; // two-byte prefix
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);
  private static final KeyGroupRange RANGE = KeyGroupRange.of(10, 19);

  private String uri() {
    return dir.resolve("db").toUri().toString();
  }

  private DbOptions.Builder options() {
    return DbOptions.builder(uri()).mergeFunction(new ConcatMerge()).memtableBytes(64 * 1024);
  }

  private static byte[] key(int group, String rest) {
    return PREFIX.prepend(group, rest.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(Executable write, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, write);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }
  }

  @Test
  void writesOutsideTheRangeAreRefusedNamingKeyGroupAndRange() throws IOException {
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      db.put(key(10, "a"), bytes("1"));
      db.merge(key(19, "b"), bytes("2"));
      db.delete(key(15, "c"));
      refused(() -> db.put(key(20, "a"), bytes("x")), "key group 20", "[10, 19]");
      refused(() -> db.put(key(9, "a"), bytes("x")), "key group 9", "[10, 19]");
      refused(() -> db.merge(key(299, "a"), bytes("x")), "key group 299");
      refused(() -> db.delete(key(0, "")), "key group 0");
      refused(() -> db.put(new byte[] {0}, bytes("x")), "shorter than the 2-byte");
      refused(() -> db.put(new byte[0], bytes("x")), "shorter");
      // A prefix decoding past maxParallelism is a key group outside the range as well.
      refused(() -> db.put(new byte[] {(byte) 0xFF, 0, 1}, bytes("x")), "key group 65280");
      assertArrayEquals(bytes("1"), db.get(key(10, "a")));
      assertArrayEquals(bytes("|2"), db.get(key(19, "b")));
      assertNull(db.get(key(20, "a")));
    }
  }

  @Test
  void aBatchIsCheckedWholeBeforeAnythingIsApplied() throws IOException {
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      WriteBatch batch =
          new WriteBatch()
              .put(key(11, "good"), bytes("1"))
              .merge(key(12, "good"), bytes("2"))
              .deleteRange(key(13, "a"), key(13, "b"))
              .put(key(25, "bad"), bytes("3"));
      refused(() -> db.write(batch), "key group 25", "[10, 19]");
      assertNull(db.get(key(11, "good")), "nothing of a refused batch is applied");
      assertNull(db.get(key(12, "good")));
      batch.clear();
      db.write(batch.put(key(11, "good"), bytes("1")));
      assertArrayEquals(bytes("1"), db.get(key(11, "good")));
    }
  }

  @Test
  void rangeDeletionsEndAtMostAtTheRangesExclusiveBound() throws IOException {
    byte[] upper = PREFIX.upperBound(RANGE); // prefix(20)
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      db.put(key(19, "z"), bytes("1"));
      db.put(key(10, "a"), bytes("1"));
      db.deleteRange(key(15, ""), upper);
      assertNull(db.get(key(19, "z")), "the range's exclusive bound covers its last group");
      db.deleteRange(key(10, ""), key(10, "b"));
      assertNull(db.get(key(10, "a")));
      refused(() -> db.deleteRange(key(15, ""), key(20, "a")), "key group 20", "[10, 19]");
      refused(() -> db.deleteRange(key(9, "z"), key(11, "")), "key group 9");
      refused(() -> db.deleteRange(new byte[] {0}, key(11, "")), "shorter");
    }
    // The last key group of maxParallelism: its exclusive bound prefix(maxP) is accepted too.
    KeyGroupRange last = KeyGroupRange.of(290, 299);
    try (Db db =
        Db.open(
            DbOptions.builder(dir.resolve("last").toUri().toString())
                .keyGroups(last, MAX_P)
                .build())) {
      db.put(key(299, "x"), bytes("1"));
      db.deleteRange(key(290, ""), PREFIX.upperBound(last));
      assertNull(db.get(key(299, "x")));
      refused(() -> db.deleteRange(key(290, ""), new byte[] {(byte) 0xFF}), "past", "[290, 299]");
    }
  }

  @Test
  void theDeclarationIsRecordedAndReopenedWithTheSameOrNone() throws IOException {
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      db.put(key(12, "a"), bytes("1"));
    }
    try (Db db = Db.open(options().build())) {
      assertArrayEquals(bytes("1"), db.get(key(12, "a")));
      refused(() -> db.put(key(30, "a"), bytes("x")), "key group 30", "[10, 19]");
      db.put(key(13, "a"), bytes("2"));
      db.flush();
    }
    refused(
        () -> Db.open(options().keyGroups(KeyGroupRange.of(10, 20), MAX_P).build()),
        "key groups [10, 19] of maxParallelism 300",
        "key groups [10, 20] of maxParallelism 300");
    refused(
        () -> Db.open(options().keyGroups(RANGE, 301).build()),
        "maxParallelism 300",
        "maxParallelism 301");
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      assertArrayEquals(bytes("2"), db.get(key(13, "a")));
    }
  }

  @Test
  void aStoreWithoutKeyGroupsCannotBeReopenedWithSome() throws IOException {
    try (Db db = Db.open(options().build())) {
      db.put(bytes("anything"), bytes("1"));
    }
    refused(
        () -> Db.open(options().keyGroups(RANGE, MAX_P).build()),
        "no key groups",
        "key groups [10, 19]");
  }

  @Test
  void badDeclarationsAreRefused() {
    refused(() -> DbOptions.builder(uri()).keyGroups(null, MAX_P), "null");
    refused(() -> DbOptions.builder(uri()).keyGroups(RANGE, 0), "maxParallelism 0");
    refused(() -> DbOptions.builder(uri()).keyGroups(RANGE, 40000), "maxParallelism 40000");
    refused(() -> DbOptions.builder(uri()).keyGroups(RANGE, 19), "[10, 19]", "18");
    refused(() -> DbOptions.builder(uri()).keyGroups(KeyGroupRange.EMPTY, MAX_P), "empty");
  }

  @Test
  void flushedFilesRecordTheirKeyGroupSpan() throws IOException {
    try (Db db = Db.open(options().keyGroups(RANGE, MAX_P).build())) {
      db.put(key(12, "a"), bytes("1"));
      db.put(key(17, "a"), bytes("1"));
      db.deleteRange(key(11, "x"), key(14, ""));
      db.flush();
    }
    List<KeyGroupSpan> spans = new ArrayList<>();
    try (FileSystemView view = FileSystemView.open(uri(), null)) {
      for (FileStatus s : view.list(view.root())) {
        if (s.getPath().getName().endsWith(".sst")) {
          try (ReadableFile file = view.openRead(s.getPath());
              SstReader reader = SstReader.open(file, 1, null)) {
            spans.add(reader.properties().keyGroups());
          }
        }
      }
    }
    assertEquals(List.of(new KeyGroupSpan(11, 17)), spans);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
