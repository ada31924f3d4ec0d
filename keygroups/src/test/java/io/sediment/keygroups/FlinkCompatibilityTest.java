package io.sediment.keygroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares every row of {@code flink-keygroups.csv}, a table produced by Apache Flink's own {@code
 * KeyGroupRangeAssignment} (the file's header says which version and what each row holds), with
 * what {@link KeyGroups} computes. Flink is not a dependency: only its output is checked in.
 */
class FlinkCompatibilityTest {

  private static final String TABLE = "/flink-keygroups.csv";

  private static List<String[]> rows;

  @BeforeAll
  static void loadTable() throws IOException {
    rows = new ArrayList<>();
    try (InputStream in = FlinkCompatibilityTest.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IOException("test resource " + TABLE + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          rows.add(line.split(",", -1));
        }
      }
    }
  }

  private static List<String[]> rowsOf(String kind, int columns) {
    List<String[]> out = new ArrayList<>();
    for (String[] row : rows) {
      if (row[0].equals(kind)) {
        assertEquals(
            columns, row.length, () -> "malformed " + kind + " row " + String.join(",", row));
        out.add(row);
      }
    }
    return out;
  }

  private static int intAt(String[] row, int column) {
    return Integer.parseInt(row[column]);
  }

  @Test
  void keyGroupAssignmentMatchesFlink() {
    List<String[]> assigns = rowsOf("assign", 5);
    assertTrue(assigns.size() >= 200, "too few assign rows: " + assigns.size());
    for (String[] row : assigns) {
      int hash = intAt(row, 1);
      int maxParallelism = intAt(row, 2);
      int expected = intAt(row, 3);
      assertEquals(
          expected,
          KeyGroups.assign(hash, maxParallelism),
          () -> "key group of " + row[4] + " (hashCode " + hash + "), maxP " + maxParallelism);
    }
  }

  @Test
  void describedKeysHaveTheHashCodesInTheTable() {
    // Guards the table itself: the hash column is the JDK hashCode of the described key.
    for (String[] row : rowsOf("assign", 5)) {
      String key = row[4];
      int hash = intAt(row, 1);
      if (key.startsWith("int:")) {
        assertEquals(Integer.parseInt(key.substring(4)), hash, key);
      } else if (key.startsWith("long:")) {
        assertEquals(Long.hashCode(Long.parseLong(key.substring(5))), hash, key);
      } else if (key.startsWith("string:")) {
        assertEquals(unescape(key.substring(7)).hashCode(), hash, key);
      } else {
        throw new AssertionError("unknown key kind in row " + String.join(",", row));
      }
    }
  }

  @Test
  void operatorRangesMatchFlink() {
    List<String[]> ranges = rowsOf("range", 6);
    // 1 + 3 + 7 + 128 operator indexes for each of the three maximum parallelisms.
    assertEquals(3 * (1 + 3 + 7 + 128), ranges.size());
    for (String[] row : ranges) {
      int maxParallelism = intAt(row, 1);
      int parallelism = intAt(row, 2);
      int index = intAt(row, 3);
      KeyGroupRange expected = KeyGroupRange.of(intAt(row, 4), intAt(row, 5));
      assertEquals(
          expected,
          KeyGroups.rangeForOperator(maxParallelism, parallelism, index),
          () -> "range of operator " + index + "/" + parallelism + ", maxP " + maxParallelism);
    }
  }

  @Test
  void operatorOfKeyGroupMatchesFlink() {
    List<String[]> operators = rowsOf("operator", 5);
    assertTrue(operators.size() >= 500, "too few operator rows: " + operators.size());
    for (String[] row : operators) {
      int maxParallelism = intAt(row, 1);
      int parallelism = intAt(row, 2);
      int keyGroup = intAt(row, 3);
      int expected = intAt(row, 4);
      assertEquals(
          expected,
          KeyGroups.operatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup),
          () ->
              "operator of key group "
                  + keyGroup
                  + ", p "
                  + parallelism
                  + " maxP "
                  + maxParallelism);
      assertTrue(
          KeyGroups.rangeForOperator(maxParallelism, parallelism, expected).contains(keyGroup));
    }
  }

  @Test
  void defaultMaxParallelismMatchesFlink() {
    List<String[]> defaults = rowsOf("defaultmax", 3);
    assertTrue(defaults.size() >= 15, "too few defaultmax rows: " + defaults.size());
    for (String[] row : defaults) {
      int parallelism = intAt(row, 1);
      assertEquals(
          intAt(row, 2),
          KeyGroups.defaultMaxParallelism(parallelism),
          () -> "default maxP for parallelism " + parallelism);
    }
  }

  /** Reverses the table's escaping of non-printable characters and commas as {@code \\uXXXX}. */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
        sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
