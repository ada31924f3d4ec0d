package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateCheckTest {

  private Db db;

  @BeforeEach
  void open() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    Path dir = Files.createTempDirectory(tmp, "state-check");
    db =
        Db.open(
            CrashConfigs.options(CrashConfigs.settings("tiny-lz4", false), dir.toUri().toString()));
    db.put(b("a"), b("1"));
    db.put(b("b"), b("2"));
    db.put(b("c"), b("3"));
    db.delete(b("c"));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static NavigableMap<byte[], byte[]> state(String... kv) {
    NavigableMap<byte[], byte[]> m = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(b(kv[i]), b(kv[i + 1]));
    }
    return m;
  }

  private List<String> diff(NavigableMap<byte[], byte[]> expected, String... probes)
      throws Exception {
    return StateCheck.differences(
        db, expected, Arrays.stream(probes).map(StateCheckTest::b).toList());
  }

  @Test
  void agreesWithTheSameState() throws Exception {
    assertEquals(List.of(), diff(state("a", "1", "b", "2"), "c", "z"));
    db.flush();
    assertEquals(List.of(), diff(state("a", "1", "b", "2"), "c", "z"));
  }

  @Test
  void reportsALostEntry() throws Exception {
    List<String> d = diff(state("a", "1", "b", "2", "c", "3"));
    assertEquals(3, d.size(), d.toString()); // scan, reverse scan, get
    assertTrue(d.get(0).contains("scan ended at #2, expected 'c'='3'"), d.toString());
    assertTrue(d.get(2).contains("get 'c': expected '3', got null"), d.toString());
  }

  @Test
  void reportsAnExtraEntryAndAWrongValue() throws Exception {
    List<String> extra = diff(state("a", "1"), "b");
    assertTrue(extra.get(0).contains("unexpected 'b'='2'"), extra.toString());
    assertTrue(extra.get(extra.size() - 1).contains("get 'b': expected null"), extra.toString());

    List<String> wrong = diff(state("a", "1", "b", "7"));
    assertTrue(wrong.get(0).contains("expected 'b'='7', got 'b'='2'"), wrong.toString());
  }
}
