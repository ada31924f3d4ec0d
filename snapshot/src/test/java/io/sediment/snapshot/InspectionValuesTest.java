package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.spi.EntryKind;
import io.sediment.lsm.spi.InternalKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The description records are values: immutable, equal by content, checked on construction. */
class InspectionValuesTest {

  private static byte[] key(String user, long seq) {
    return InternalKeys.encode(user.getBytes(StandardCharsets.UTF_8), seq, EntryKind.PUT);
  }

  private static CheckpointFile file(byte[] smallest) {
    return new CheckpointFile(
        1, 7, "000007.sst", "file:/s/000007.sst", 100, 10, 1, 0, 3, 9, smallest, key("z", 9));
  }

  @Test
  void checkpointFilesCopyTheirKeysAndCompareByContent() {
    byte[] smallest = key("a", 3);
    CheckpointFile f = file(smallest);
    assertEquals(file(key("a", 3)), f);
    assertEquals(file(key("a", 3)).hashCode(), f.hashCode());
    assertNotEquals(file(key("b", 3)), f);
    smallest[0] = 'x';
    f.smallestInternalKey()[0] = 'y';
    assertArrayEquals(key("a", 3), f.smallestInternalKey(), "copied in and out");
    assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), f.smallestUserKey());
    assertArrayEquals("z".getBytes(StandardCharsets.UTF_8), f.largestUserKey());
    assertTrue(f.toString().contains("'a' @3 PUT"), f.toString());
  }

  @Test
  void checkpointFilesRefuseWhatNoMetadataHolds() {
    byte[] ok = key("a", 1);
    assertThrows(IllegalArgumentException.class, () -> file(new byte[7]));
    assertThrows(IllegalArgumentException.class, () -> file(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointFile(-1, 1, "n", "file:/p", 1, 1, 0, 0, 0, 0, ok, ok));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointFile(0, 1, "n", "", 1, 1, 0, 0, 0, 0, ok, ok));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointFile(0, 1, "n", "file:/p", 1, -1, 0, 0, 0, 0, ok, ok));
  }

  @Test
  void descriptionsAreImmutableCopies() {
    List<Integer> codes = new ArrayList<>(List.of(1, 1, 1, 1, 1, 1, 1));
    List<CheckpointFile> files = new ArrayList<>(List.of(file(key("a", 3))));
    CheckpointDescription d =
        new CheckpointDescription("src", 2, 100, 4, 9, null, null, codes, files);
    codes.set(0, 2);
    files.clear();
    assertEquals(1, d.compressionCodes().get(0));
    assertEquals(1, d.fileCount());
    assertEquals(100, d.stateSizeBytes());
    assertThrows(UnsupportedOperationException.class, () -> d.files().clear());
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointDescription("src", 2, 100, -4, 9, null, null, codes, files));

    TreeMap<String, Integer> counts = new TreeMap<>(Map.of("file:/a", 2));
    TreeSet<Long> retained = new TreeSet<>(Set.of(1L, 2L));
    RegistryDescription r =
        new RegistryDescription(
            5, 2, retained, new TreeSet<>(), counts, new TreeSet<>(), new TreeSet<>());
    retained.add(3L);
    counts.put("file:/b", 1);
    assertEquals(Set.of(1L, 2L), r.retained());
    assertEquals(2, r.referenceCount("file:/a"));
    assertEquals(0, r.referenceCount("file:/b"));
    assertThrows(UnsupportedOperationException.class, () -> r.referenceCounts().clear());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RegistryDescription(
                -1, 2, retained, retained, counts, new TreeSet<>(), new TreeSet<>()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RegistryDescription(
                1, 2, null, retained, counts, new TreeSet<>(), new TreeSet<>()));
  }
}
