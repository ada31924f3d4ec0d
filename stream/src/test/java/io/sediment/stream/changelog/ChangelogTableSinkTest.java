package io.sediment.stream.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.SinkWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table sink's commit protocol, on a real store. */
class ChangelogTableSinkTest {

  @TempDir Path tmp;

  private ChangelogTableSink<String, String> open() throws IOException {
    return ChangelogTableSink.open(
        tmp.resolve("table").toUri().toString(),
        new Configuration(),
        row -> row.split(",")[0],
        Serializers.string(),
        Serializers.string());
  }

  @Test
  void commitsApplyUpsertsAndDeletesAndSkipRetractions() throws IOException {
    try (ChangelogTableSink<String, String> sink = open()) {
      SinkWriter<Change<String>> w0 = sink.writer(0, 1);
      SinkWriter<Change<String>> w1 = sink.writer(1, 1);
      w0.write(Change.insert("a,1"));
      w0.write(Change.updateBefore("a,1"));
      w0.write(Change.updateAfter("a,2"));
      w1.write(Change.insert("b,1"));
      w1.write(Change.insert("c,1"));
      sink.commit(10, List.of(w0.prepare(10), w1.prepare(10)));
      assertEquals(Map.of("a", "a,2", "b", "b,1", "c", "c,1"), sink.table());
      assertEquals(10, sink.committedCheckpoint());

      w1.write(Change.delete("b,1"));
      sink.commit(11, List.of(w0.prepare(11), w1.prepare(11)));
      assertEquals(Map.of("a", "a,2", "c", "c,1"), sink.table());
      assertEquals(11, sink.committedCheckpoint());
    }
  }

  @Test
  void aRepeatedCommitIsANoOpAlsoAfterReopening() throws IOException {
    List<byte[]> staged;
    try (ChangelogTableSink<String, String> sink = open()) {
      SinkWriter<Change<String>> w = sink.writer(0, 1);
      w.write(Change.insert("a,1"));
      staged = List.of(w.prepare(5));
      sink.commit(5, staged);
      w.write(Change.updateBefore("a,1"));
      w.write(Change.updateAfter("a,7"));
      sink.commit(6, List.of(w.prepare(6)));
      sink.commit(5, staged); // repeated: the table stays as of 6
      assertEquals(Map.of("a", "a,7"), sink.table());
    }
    try (ChangelogTableSink<String, String> sink = open()) {
      assertEquals(6, sink.committedCheckpoint(), "the commits survive a reopen");
      sink.commit(5, staged);
      sink.commit(6, List.of(new byte[0]));
      assertEquals(Map.of("a", "a,7"), sink.table());
    }
  }

  @Test
  void openingDeletesTheStagedFilesOfSettledCheckpointsOnly() throws IOException {
    Path staged = tmp.resolve("table").resolve("staged");
    try (ChangelogTableSink<String, String> sink = open()) {
      SinkWriter<Change<String>> w = sink.writer(0, 1);
      w.write(Change.insert("a,1"));
      w.prepare(3); // a checkpoint that never completes
      w.write(Change.insert("b,1"));
      byte[] five = w.prepare(5);
      w.write(Change.insert("c,1"));
      w.prepare(9); // staged, not committed yet: a restore may still commit it
      sink.commit(5, List.of(five));
    }
    try (ChangelogTableSink<String, String> sink = open()) {
      try (var files = Files.list(staged)) {
        assertEquals(
            List.of("changes-00000000000000000009-00000"),
            files.map(f -> f.getFileName().toString()).sorted().toList());
      }
      assertEquals(Map.of("b", "b,1"), sink.table());
    }
  }

  @Test
  void aDamagedStagedFileFailsTheCommitAndChangesNothing() throws IOException {
    try (ChangelogTableSink<String, String> sink = open()) {
      SinkWriter<Change<String>> w = sink.writer(0, 1);
      w.write(Change.insert("a,1"));
      byte[] part = w.prepare(3);
      Path file = tmp.resolve("table").resolve("staged").resolve(new String(part));
      byte[] raw = Files.readAllBytes(file);
      raw[2] ^= 1;
      Files.delete(file);
      Files.write(file, raw);
      IOException e = assertThrows(IOException.class, () -> sink.commit(3, List.of(part)));
      assertTrue(e.getMessage().contains("damaged"), e.getMessage());
      assertEquals(-1, sink.committedCheckpoint());
      assertEquals(Map.of(), sink.table());
    }
  }

  @Test
  void changesRoundTripThroughTheirSerializer() {
    var s = Change.serializer(Serializers.string());
    for (RowKind k : RowKind.values()) {
      Change<String> c = new Change<>(k, "row");
      assertEquals(c, s.deserialize(s.serialize(c)));
      assertEquals(k, RowKind.ofShortString(k.shortString()));
    }
    assertThrows(IllegalArgumentException.class, () -> RowKind.ofCode((byte) 4));
    assertEquals("-U(x)", Change.updateBefore("x").toString());
  }
}
