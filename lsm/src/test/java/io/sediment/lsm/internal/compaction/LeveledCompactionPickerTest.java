package io.sediment.lsm.internal.compaction;

import static io.sediment.lsm.internal.version.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeveledCompactionPickerTest {

  private final LeveledCompactionPicker picker = new LeveledCompactionPicker(4, 1000, 10, 100);

  private static Version version(FileMetadata... files) {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : files) {
      edit.addFile(f);
    }
    return Version.empty().apply(edit);
  }

  private static List<Long> numbers(List<FileMetadata> files) {
    return files.stream().map(FileMetadata::fileNumber).sorted().toList();
  }

  @Test
  void nothingToDoBelowTheTriggers() {
    Version v =
        version(
            file(1, 0, "a", "c", 10, 1, 1),
            file(2, 0, "a", "c", 10, 2, 2),
            file(3, 0, "a", "c", 10, 3, 3),
            file(4, 1, "a", "z", 999, 0, 0));
    assertTrue(picker.pick(v).isEmpty());
  }

  @Test
  void levelZeroTriggerTakesAllLevelZeroFilesAndTheOverlapBelow() {
    Version v =
        version(
            file(1, 0, "b", "c", 10, 1, 1),
            file(2, 0, "d", "e", 10, 2, 2),
            file(3, 0, "a", "c", 10, 3, 3),
            file(4, 0, "c", "f", 10, 4, 4),
            file(5, 1, "a", "b", 10, 0, 0),
            file(6, 1, "e", "g", 10, 0, 0),
            file(7, 1, "h", "k", 10, 0, 0),
            file(8, 2, "x", "z", 10, 0, 0));
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(0, job.inputLevel());
    assertEquals(1, job.outputLevel());
    assertEquals(List.of(1L, 2L, 3L, 4L), numbers(job.inputs()));
    assertEquals(List.of(5L, 6L), numbers(job.outputLevelInputs()));
    assertFalse(job.trivialMove());
    assertTrue(job.bottommost(), "level 2 holds nothing in [a, g]");
  }

  @Test
  void theHighestScoringLevelWinsAndItsOldestFileIsTaken() {
    Version v =
        version(
            file(1, 0, "a", "b", 10, 50, 50),
            file(2, 1, "a", "c", 600, 20, 30),
            file(3, 1, "d", "f", 600, 10, 12),
            file(4, 2, "e", "k", 10, 1, 1),
            file(5, 3, "a", "z", 10, 0, 0));
    assertEquals(1.2, picker.score(v, 1), 1e-9);
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(1, job.inputLevel());
    assertEquals(List.of(3L), numbers(job.inputs()));
    assertEquals(List.of(4L), numbers(job.outputLevelInputs()));
    assertFalse(job.bottommost(), "level 3 overlaps");
  }

  @Test
  void aLoneInputWithNothingBelowIsMovedTrivially() {
    Version v = version(file(2, 1, "a", "c", 1500, 20, 30), file(4, 2, "e", "k", 10, 1, 1));
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertTrue(job.trivialMove());
    assertEquals(List.of(2L), numbers(job.inputs()));
  }

  @Test
  void levelTargetsGrowTenfold() {
    assertEquals(1000, picker.maxBytesForLevel(1));
    assertEquals(100_000, picker.maxBytesForLevel(3));
    Version v = version(file(1, 2, "a", "b", 10_001, 1, 1));
    assertEquals(10_001 / 10_000.0, picker.score(v, 2), 1e-9);
    assertEquals(0, picker.score(version(file(1, 6, "a", "b", 1L << 40, 1, 1)), 6));
  }

  @Test
  void manualCompactionRewritesOverlappingFilesWithoutTrivialMoves() {
    Version v =
        version(
            file(1, 1, "a", "c", 10, 1, 1),
            file(2, 1, "m", "p", 10, 1, 1),
            file(3, 2, "n", "o", 10, 0, 0));
    CompactionJobSpec job = picker.manual(v, 1, "b".getBytes(), "d".getBytes()).orElseThrow();
    assertEquals(List.of(1L), numbers(job.inputs()));
    assertFalse(job.trivialMove());
    assertTrue(picker.manual(v, 1, "d".getBytes(), "e".getBytes()).isEmpty());
  }

  @Test
  void badSettingsAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new LeveledCompactionPicker(0, 1, 10, 1));
    assertTrue(e.getMessage().contains("l0CompactionTrigger"));
  }
}
