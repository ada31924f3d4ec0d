package io.sediment.lsm.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionSet;
import io.sediment.lsm.internal.version.VersionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelIteratorTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String userKey(InternalIterator it) {
    return new String(
        it.keyArray(),
        it.keyOffset(),
        it.keyLength() - InternalKey.TRAILER_BYTES,
        StandardCharsets.UTF_8);
  }

  /** Three files: [b, d], a tombstone-only file [e, g), and [g, h]. */
  @Test
  void walksAcrossFilesBothWaysAndSkipsFilesWithoutPoints() throws IOException {
    try (FileSystemView view = FileSystemView.open(dir.toUri().toString(), null)) {
      VersionSet versions =
          new VersionSet(new VersionState(Version.empty(), 1, 0, 0), s -> {}, f -> {});
      SstWriterOptions opts = SstWriterOptions.defaults();
      List<FileMetadata> files = new ArrayList<>();
      TableCache tables = new TableCache(view, ReadTiers.none());
      SstOutput first = SstOutput.create(tables, versions, opts);
      for (String k : new String[] {"b", "c", "d"}) {
        first.writer().add(InternalKey.encode(b(k), 5, ValueType.PUT), b("v" + k));
      }
      files.add(first.finish(1));
      SstOutput middle = SstOutput.create(tables, versions, opts);
      middle.writer().addRangeTombstone(new RangeTombstone(b("e"), b("g"), 9));
      files.add(middle.finish(1));
      SstOutput last = SstOutput.create(tables, versions, opts);
      for (String k : new String[] {"g", "h"}) {
        last.writer().add(InternalKey.encode(b(k), 5, ValueType.PUT), b("v" + k));
      }
      files.add(last.finish(1));
      List<InternalIterator> opened = new ArrayList<>();
      try (tables;
          LevelIterator it =
              new LevelIterator(
                  files,
                  f -> {
                    InternalIterator child = tables.reader(f).newIterator();
                    opened.add(child);
                    return child;
                  })) {
        List<String> forward = new ArrayList<>();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          forward.add(userKey(it));
        }
        assertEquals(List.of("b", "c", "d", "g", "h"), forward);
        List<String> backward = new ArrayList<>();
        for (it.seekToLast(); it.isValid(); it.prev()) {
          backward.add(userKey(it));
        }
        assertEquals(List.of("h", "g", "d", "c", "b"), backward);

        it.seek(InternalKey.seekKey(b("e"), 100));
        assertEquals("g", userKey(it));
        it.seekForPrev(InternalKey.encode(b("f"), 0, ValueType.DELETE));
        assertEquals("d", userKey(it));
        it.next();
        assertEquals("g", userKey(it));
        it.prev();
        assertEquals("d", userKey(it));
        it.seek(InternalKey.seekKey(b("i"), 100));
        assertFalse(it.isValid());
        it.seekForPrev(InternalKey.encode(b("a"), 0, ValueType.DELETE));
        assertFalse(it.isValid());
      }
      assertEquals(true, opened.size() >= 3, "files are opened as the walk reaches them");
    }
  }
}
