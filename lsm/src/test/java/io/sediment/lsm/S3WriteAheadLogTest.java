package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.InProcessS3;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store asked for a write-ahead log on a file system that cannot sync an open file refuses to
 * open instead of promising a durability it cannot give: on {@code s3a://} (an in-process S3 API
 * server) {@code Db.open} with {@code walEnabled=true} throws {@link IllegalArgumentException}
 * naming the URI and the setting, leaves no log behind, and leaves the store as it was; on a local
 * disk the log is kept as before.
 */
class S3WriteAheadLogTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  @TempDir Path local;

  private static final byte[] KEY = "key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

  @Test
  void newStoreWithLogOnS3IsRefused() throws IOException {
    String uri = S3.freshDir("wal-new").toString();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Db.open(options(uri, true)));
    assertTrue(e.getMessage().contains(uri), e.getMessage());
    assertTrue(e.getMessage().contains("walEnabled=true"), e.getMessage());
    assertEquals(List.of(), logs(uri), "a refused open leaves no log");
    // The same directory opens without the log, and nothing of the refused open is in the way.
    try (Db db = Db.open(options(uri, false))) {
      db.put(KEY, VALUE);
    }
    try (Db db = Db.open(options(uri, false))) {
      assertArrayEquals(VALUE, db.get(KEY));
    }
  }

  @Test
  void reopeningAStoreWithLogOnS3IsRefusedAndChangesNothing() throws IOException {
    String uri = S3.freshDir("wal-reopen").toString();
    try (Db db = Db.open(options(uri, false))) {
      db.put(KEY, VALUE);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Db.open(options(uri, true)));
    assertTrue(e.getMessage().contains(uri), e.getMessage());
    assertEquals(List.of(), logs(uri), "a refused open leaves no log");
    try (Db db = Db.open(options(uri, false))) {
      assertArrayEquals(VALUE, db.get(KEY), "the store is as it was");
    }
  }

  @Test
  void logOnALocalDiskIsKept() throws IOException {
    String uri = local.resolve("db").toUri().toString();
    try (Db db = Db.open(options(uri, true))) {
      db.put(KEY, VALUE);
      assertEquals(1, logs(uri).size(), "the store writes its log");
    }
    try (Db db = Db.open(options(uri, true))) {
      assertArrayEquals(VALUE, db.get(KEY));
    }
  }

  private static DbOptions options(String uri, boolean wal) {
    DbOptions.Builder b = DbOptions.builder(uri).walEnabled(wal);
    if (uri.startsWith("s3a:")) {
      b.hadoopConfiguration(S3.configuration());
    }
    return b.build();
  }

  /** The write-ahead log files in the store's directory. */
  private static List<String> logs(String uri) throws IOException {
    org.apache.hadoop.conf.Configuration conf =
        uri.startsWith("s3a:") ? S3.configuration() : new org.apache.hadoop.conf.Configuration();
    FileSystem fs = FileSystem.newInstance(URI.create(uri), conf);
    try {
      List<String> names = new ArrayList<>();
      for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(uri))) {
        if (s.getPath().getName().endsWith(".log")) {
          names.add(s.getPath().getName());
        }
      }
      return names;
    } catch (FileNotFoundException e) {
      return List.of(); // no directory at all
    } finally {
      fs.close();
    }
  }
}
