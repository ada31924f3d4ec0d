package io.sediment.lsm.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterReaderTest {

  @TempDir Path dir;

  private byte[] writeLog(byte[][] records) throws IOException {
    try (FileSystemView view = FileSystemView.open(dir.toUri().toString(), null)) {
      org.apache.hadoop.fs.Path p = view.resolve(LogWriter.fileName(7));
      try (LogWriter w = new LogWriter(view.create(p), 7)) {
        for (byte[] r : records) {
          w.addRecord(r);
          w.sync();
        }
      }
      return view.readAll(p);
    }
  }

  private static byte[][] sampleRecords() {
    Random random = new Random(42);
    byte[][] records = new byte[5][];
    for (int i = 0; i < records.length; i++) {
      records[i] = new byte[random.nextInt(100)];
      random.nextBytes(records[i]);
    }
    return records;
  }

  @Test
  void readsBackWhatWasWritten() throws IOException {
    byte[][] records = sampleRecords();
    LogReader.Contents c = LogReader.read(writeLog(records), "log");
    assertEquals(7, c.logNumber());
    assertFalse(c.tornTailDropped());
    assertEquals(records.length, c.records().size());
    for (int i = 0; i < records.length; i++) {
      assertArrayEquals(records[i], c.records().get(i));
    }
  }

  @Test
  void everyTruncationDropsOnlyTheTornTail() throws IOException {
    byte[][] records = sampleRecords();
    byte[] full = writeLog(records);
    for (int cut = 0; cut < full.length; cut++) {
      LogReader.Contents c = LogReader.read(Arrays.copyOf(full, cut), "log");
      for (int i = 0; i < c.records().size(); i++) {
        assertArrayEquals(records[i], c.records().get(i), "cut " + cut);
      }
      assertTrue(c.records().size() < records.length, "cut " + cut);
    }
  }

  @Test
  void aBadRecordBeforeTheTailIsCorruption() throws IOException {
    byte[] full = writeLog(sampleRecords());
    full[LogFormat.HEADER_BYTES + LogFormat.RECORD_HEADER_BYTES] ^= 1;
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> LogReader.read(full, "000007.log"));
    assertEquals(LogFormat.HEADER_BYTES, e.offset());
    assertEquals("000007.log", e.file());
  }
}
