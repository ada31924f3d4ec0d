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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeveledCompactionPickerTest {

  /** Trigger 4, base bound 1,000 bytes (minimum base target 100), target file size 100. */
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

  private static byte[] k(String s) {
    return s.getBytes();
  }

  @Test
  void nothingToDoBelowTheTriggers() {
    Version v =
        version(
            file(1, 0, "a", "c", 10, 1, 1),
            file(2, 0, "a", "c", 10, 2, 2),
            file(3, 0, "a", "c", 10, 3, 3),
            file(4, 6, "a", "z", 999_999, 0, 0));
    assertTrue(picker.pick(v).isEmpty(), "the last level is never compacted out of");
  }

  @Test
  void aNewStoreCompactsLevelZeroStraightIntoTheLastLevel() {
    Version v =
        version(
            file(1, 0, "b", "c", 10, 1, 1),
            file(2, 0, "a", "e", 10, 2, 2),
            file(3, 0, "a", "c", 10, 3, 3),
            file(4, 0, "c", "f", 10, 4, 4));
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(0, job.inputLevel());
    assertEquals(6, job.outputLevel());
    assertEquals(List.of(1L, 2L, 3L, 4L), numbers(job.inputs()));
    assertTrue(job.outputLevelInputs().isEmpty());
    assertFalse(job.trivialMove(), "the level-0 files overlap: they must be merged");
    assertTrue(job.bottommost());
  }

  @Test
  void levelZeroGoesToTheBaseLevelWithTheFilesItOverlaps() {
    Version v =
        version(
            file(1, 0, "b", "c", 30, 1, 1),
            file(2, 0, "d", "e", 30, 2, 2),
            file(3, 0, "a", "c", 30, 3, 3),
            file(4, 0, "c", "f", 30, 4, 4),
            file(5, 4, "a", "b", 600, 0, 0),
            file(6, 4, "e", "g", 300, 0, 0),
            file(7, 4, "h", "k", 50, 0, 0),
            file(8, 6, "x", "z", 50_000, 0, 0));
    assertEquals(4, picker.targets(v).baseLevel());
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(0, job.inputLevel());
    assertEquals(4, job.outputLevel());
    assertEquals(List.of(1L, 2L, 3L, 4L), numbers(job.inputs()));
    assertEquals(List.of(5L, 6L), numbers(job.outputLevelInputs()));
    assertTrue(job.bottommost(), "nothing below level 4 holds [a, g]");
  }

  @Test
  void disjointLevelZeroFilesWithNothingBelowAreMovedNotRewritten() {
    Version v =
        version(
            file(1, 0, "a", "b", 10, 1, 1),
            file(2, 0, "c", "d", 10, 2, 2),
            file(3, 0, "e", "f", 10, 3, 3),
            file(4, 0, "g", "h", 10, 4, 4),
            file(5, 6, "x", "z", 5000, 0, 0));
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(5, job.outputLevel(), "5,000 bytes in L6 make L5 the base level");
    assertTrue(job.trivialMove());
    assertEquals(List.of(1L, 2L, 3L, 4L), numbers(job.inputs()));
  }

  /** L5 over its target of 1,000 bytes, three files whose overlaps below differ. */
  private static Version overlapVersion() {
    return version(
        file(10, 5, "a", "c", 600, 1, 1), // oldest data, overlaps 4,000 bytes: ratio 6.7
        file(11, 5, "d", "f", 600, 50, 60), // overlaps 400 bytes: ratio 0.67
        file(12, 5, "g", "i", 600, 30, 40), // overlaps 2,000 bytes: ratio 3.3
        file(20, 6, "a", "c", 4000, 0, 0),
        file(21, 6, "d", "f", 400, 0, 0),
        file(22, 6, "g", "i", 2000, 0, 0));
  }

  @Test
  void theFileWithTheSmallestOverlappingRatioIsTakenNotTheOldest() {
    Version v = overlapVersion();
    assertEquals(1000, picker.targets(v).maxBytes(5));
    assertEquals(1800 / 1000.0 * 10, picker.scores(v, CompactionsInProgress.none())[5], 1e-9);
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(5, job.inputLevel());
    assertEquals(6, job.outputLevel());
    assertEquals(List.of(11L), numbers(job.inputs()));
    assertEquals(List.of(21L), numbers(job.outputLevelInputs()));
    assertTrue(job.bottommost());
  }

  @Test
  void filesOfRunningJobsAreNeverPickedAgain() {
    Version v = overlapVersion();
    CompactionJobSpec first = picker.pick(v).orElseThrow();
    CompactionJobSpec second = picker.pick(v, List.of(first)).orElseThrow();
    assertEquals(List.of(12L), numbers(second.inputs()), "the next smallest ratio");
    assertEquals(List.of(22L), numbers(second.outputLevelInputs()));
    // With both running, the level's idle bytes (600) are under its target.
    assertTrue(picker.pick(v, List.of(first, second)).isEmpty());
  }

  @Test
  void aJobWritingAnOverlappingRangeIntoTheSameLevelBlocksAnother() {
    FileMetadata level0 = file(1, 0, "a", "z", 10, 1, 1);
    Version v =
        version(
            level0,
            file(10, 5, "a", "b", 600, 1, 1),
            file(11, 5, "m", "n", 600, 1, 1),
            file(20, 6, "a", "c", 6000, 0, 0));
    CompactionJobSpec toL6 =
        new CompactionJobSpec(
            0, 6, List.of(level0), List.of(v.files(6).get(0)), false, false, 100, "running");
    CompactionJobSpec alone = picker.pick(v).orElseThrow();
    assertEquals(List.of(11L), numbers(alone.inputs()), "nothing below: ratio 0");
    assertTrue(alone.trivialMove());
    assertTrue(
        picker.pick(v, List.of(toL6)).isEmpty(),
        "file 10 needs file 20, which is busy; file 11 would land inside [a, z] in L6");
  }

  @Test
  void levelZeroBlockedMergesItsNewestFilesWhileTheWorkPerFileFalls() {
    FileMetadata[] l0 = new FileMetadata[8];
    for (int i = 0; i < l0.length; i++) {
      l0[i] = file(i + 1, 0, "a", "z", i == 3 ? 100 : 10, i + 1, i + 1); // file 4 is large
    }
    Version v = version(l0);
    CompactionJobSpec running =
        new CompactionJobSpec(0, 6, List.of(l0[0], l0[1]), List.of(), false, true, 100, "running");
    CompactionJobSpec job = picker.pick(v, List.of(running)).orElseThrow();
    assertEquals(0, job.inputLevel());
    assertEquals(0, job.outputLevel());
    assertEquals(List.of(5L, 6L, 7L, 8L), numbers(job.inputs()), "stops before the large file 4");
    assertFalse(job.bottommost(), "older data is on its way down below it");
    assertEquals(Long.MAX_VALUE, job.targetFileSize(), "one output: one sorted run");
  }

  @Test
  void levelZeroBlockedWaitsUntilTriggerPlusTwoFilesAreIdle() {
    FileMetadata[] l0 = new FileMetadata[7];
    for (int i = 0; i < l0.length; i++) {
      l0[i] = file(i + 1, 0, "a", "z", 10, i + 1, i + 1);
    }
    Version v = version(l0);
    CompactionJobSpec running =
        new CompactionJobSpec(0, 6, List.of(l0[0], l0[1]), List.of(), false, true, 100, "running");
    assertTrue(picker.pick(v, List.of(running)).isEmpty(), "5 idle files < 4 + 2");
  }

  @Test
  void levelZeroMergesIntoItselfWhenTheBaseLevelIsFarLarger() {
    FileMetadata[] files = {
      file(1, 0, "a", "z", 10, 1, 1),
      file(2, 0, "a", "z", 10, 2, 2),
      file(3, 0, "a", "z", 10, 3, 3),
      file(4, 0, "a", "z", 10, 4, 4),
      file(5, 6, "a", "z", 1000, 0, 0)
    };
    CompactionJobSpec job = picker.pick(version(files)).orElseThrow();
    assertEquals(0, job.outputLevel(), "1,000 > 20 * 40 bytes of level 0");
    assertEquals(List.of(1L, 2L, 3L, 4L), numbers(job.inputs()));
    files[4] = file(5, 6, "a", "z", 700, 0, 0);
    assertEquals(6, picker.pick(version(files)).orElseThrow().outputLevel());
  }

  @Test
  void aLevelOverItsTargetGoesBeforeLevelZeroAtItsTrigger() {
    Version v =
        version(
            file(1, 0, "a", "z", 10, 101, 101),
            file(2, 0, "a", "z", 10, 102, 102),
            file(3, 0, "a", "z", 10, 103, 103),
            file(4, 0, "a", "z", 10, 104, 104),
            file(10, 5, "a", "c", 1200, 1, 1),
            file(20, 6, "a", "z", 6000, 0, 0));
    double[] scores = picker.scores(v, CompactionsInProgress.none());
    assertEquals(1.0, scores[0], 1e-9);
    assertEquals(1200.0 / (1000 + 40) * 10, scores[5], 1e-9, "discounted by what comes down");
    assertEquals(5, picker.pick(v).orElseThrow().inputLevel());
  }

  @Test
  void dataInUnnecessaryLevelsIsDrainedDownwards() {
    Version v = version(file(1, 1, "a", "z", 600, 1, 1));
    assertEquals(1, picker.targets(v).baseLevel());
    CompactionJobSpec job = picker.pick(v).orElseThrow();
    assertEquals(1, job.inputLevel());
    assertEquals(2, job.outputLevel());
    assertTrue(job.trivialMove());
  }

  @Test
  void aJobIsNotBottommostWhileARunningJobWritesItsRangeDeeper() {
    FileMetadata level0 = file(1, 0, "a", "z", 10, 50, 50);
    Version v = version(level0, file(10, 3, "m", "n", 2000, 1, 1));
    CompactionJobSpec toL6 =
        new CompactionJobSpec(0, 6, List.of(level0), List.of(), false, true, 100, "running");
    CompactionJobSpec job = picker.pick(v, List.of(toL6)).orElseThrow();
    assertEquals(3, job.inputLevel());
    assertFalse(job.bottommost(), "the level-0 job writes [a, z] into level 6");
    assertTrue(picker.pick(v).orElseThrow().bottommost(), "alone, nothing lies below level 4");
  }

  @Test
  void pickingIsAPureFunction() {
    Version v = overlapVersion();
    assertEquals(picker.pick(v), picker.pick(v));
    assertEquals(picker.pick(v), picker.pick(v, List.of()));
  }

  @Test
  void aPickerWithoutConcurrencyIsAskedOnlyWhenNothingRuns() {
    Version v = overlapVersion();
    CompactionJobSpec running = picker.pick(v).orElseThrow();
    CompactionPicker plain = version -> Optional.of(running);
    assertTrue(plain.pick(v, List.of(running)).isEmpty());
    assertEquals(Optional.of(running), plain.pick(v, List.of()));
  }

  @Test
  void manualCompactionRewritesOverlappingFilesWithoutTrivialMoves() {
    Version v =
        version(
            file(1, 1, "a", "c", 10, 1, 1),
            file(2, 1, "m", "p", 10, 1, 1),
            file(3, 2, "n", "o", 10, 0, 0));
    CompactionJobSpec job = picker.manual(v, 1, 2, k("b"), k("d")).orElseThrow();
    assertEquals(List.of(1L), numbers(job.inputs()));
    assertEquals(2, job.outputLevel());
    assertFalse(job.trivialMove());
    assertTrue(picker.manual(v, 1, 2, k("d"), k("e")).isEmpty());
    CompactionJobSpec inPlace = picker.manualInPlace(v, 2, null, null).orElseThrow();
    assertEquals(2, inPlace.outputLevel());
    assertTrue(inPlace.bottommost());
  }

  @Test
  void badSettingsAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new LeveledCompactionPicker(0, 1, 10, 1));
    assertTrue(e.getMessage().contains("l0CompactionTrigger"));
    assertThrows(
        IllegalArgumentException.class, () -> new LeveledCompactionPicker(4, 1000, 1, 100));
  }

  @Test
  void specsRefuseImpossibleLevels() {
    FileMetadata f = file(1, 3, "a", "b", 10, 1, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> new CompactionJobSpec(3, 2, List.of(f), List.of(), false, false, 100, "up"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CompactionJobSpec(3, 3, List.of(f), List.of(f), false, false, 100, "in place"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CompactionJobSpec(3, 4, List.of(f), List.of(f), true, false, 100, "move"));
  }

  @Test
  void overlappingBytesMatchesAPairwiseCount() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 200; round++) {
      List<FileMetadata> level = disjointLevel(random, 1, 100 + round * 1000L);
      List<FileMetadata> below = disjointLevel(random, 2, 50_000 + round * 1000L);
      long[] fast = LeveledCompactionPicker.overlappingBytes(level, below);
      for (int i = 0; i < level.size(); i++) {
        FileMetadata f = level.get(i);
        long expected = 0;
        for (FileMetadata g : below) {
          if (g.overlaps(f.smallestUserKey(), f.largestUserKey())) {
            expected += g.fileSize();
          }
        }
        assertEquals(expected, fast[i], "round " + round + ", file " + f);
      }
    }
  }

  /** Up to 12 disjoint files at {@code level} with random two-letter-ish bounds, sorted. */
  private static List<FileMetadata> disjointLevel(java.util.Random random, int level, long first) {
    List<FileMetadata> files = new java.util.ArrayList<>();
    int key = random.nextInt(20);
    for (int i = random.nextInt(13); i > 0; i--) {
      int start = key;
      int end = start + random.nextInt(40);
      files.add(
          file(
              first + files.size(),
              level,
              String.format("k%04d", start),
              String.format("k%04d", end),
              1 + random.nextInt(1000),
              1,
              1));
      key = end + 1 + random.nextInt(30);
    }
    return version(files.toArray(new FileMetadata[0])).files(level);
  }
}
