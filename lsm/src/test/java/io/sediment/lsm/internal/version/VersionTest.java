package io.sediment.lsm.internal.version;

import static io.sediment.lsm.internal.version.TestFiles.file;
import static io.sediment.lsm.internal.version.TestFiles.fileEndingAtTombstone;
import static io.sediment.lsm.internal.version.TestFiles.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void levelZeroIsNewestFirstAndDeeperLevelsSortedByKey() {
    Version v =
        Version.empty()
            .apply(
                new VersionEdit()
                    .addFile(file(1, 0, "a", "z", 100, 1, 10))
                    .addFile(file(2, 0, "b", "c", 100, 11, 20))
                    .addFile(file(5, 1, "m", "p", 100, 1, 3))
                    .addFile(file(4, 1, "a", "f", 100, 1, 3)));
    assertEquals(List.of(2L, 1L), v.files(0).stream().map(FileMetadata::fileNumber).toList());
    assertEquals(List.of(4L, 5L), v.files(1).stream().map(FileMetadata::fileNumber).toList());
    assertEquals(400, v.levelBytes(0) + v.levelBytes(1));
    assertEquals(1, v.deepestNonEmptyLevel());
  }

  @Test
  void overlappingFilesInADeepLevelAreRejected() {
    VersionEdit edit =
        new VersionEdit()
            .addFile(file(1, 2, "a", "m", 1, 1, 1))
            .addFile(file(2, 2, "k", "z", 1, 1, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Version.empty().apply(edit));
    assertTrue(e.getMessage().contains("overlap at level 2"), e.getMessage());
  }

  @Test
  void deletingAMissingFileIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Version.empty().apply(new VersionEdit().deleteFile(1, 7)));
  }

  @Test
  void fileForFindsTheOneFileAndSkipsAnExclusiveTombstoneEnd() {
    Version v =
        Version.empty()
            .apply(
                new VersionEdit()
                    .addFile(fileEndingAtTombstone(1, 1, "a", "k", 10, 1, 5))
                    .addFile(file(2, 1, "k", "p", 10, 1, 5))
                    .addFile(file(3, 1, "t", "v", 10, 1, 5)));
    assertEquals(1, v.fileFor(1, key("b")).fileNumber());
    assertEquals(2, v.fileFor(1, key("k")).fileNumber());
    assertEquals(2, v.fileFor(1, key("p")).fileNumber());
    assertNull(v.fileFor(1, key("q")));
    assertEquals(3, v.fileFor(1, key("u")).fileNumber());
    assertNull(v.fileFor(1, key("w")));
    assertEquals(1, v.overlapping(1, key("k"), key("s")).size());
    assertEquals(2, v.overlapping(1, key("c"), key("k")).size());
    assertEquals(1, v.overlapping(1, key("k"), key("k")).size());
  }

  @Test
  void filesAreReleasedOnlyWhenNoVersionHoldsThem() throws IOException {
    List<Long> released = new ArrayList<>();
    List<VersionState> published = new ArrayList<>();
    VersionSet set =
        new VersionSet(
            new VersionState(Version.empty(), 1, 0, 0),
            published::add,
            f -> released.add(f.fileNumber()));
    long a = set.newFileNumber();
    set.logAndApply(new VersionEdit().addFile(file(a, 0, "a", "c", 10, 1, 2)));
    Version pinned = set.refCurrent();
    long b = set.newFileNumber();
    set.logAndApply(
        new VersionEdit()
            .deleteFile(0, a)
            .addFile(file(b, 1, "a", "c", 10, 1, 2))
            .setLastSequence(2));
    assertEquals(List.of(), released, "a reader still pins the version holding file a");
    assertEquals(1, set.fileReferenceCount(a));
    pinned.unref();
    assertEquals(List.of(a), released);
    assertEquals(0, set.fileReferenceCount(a));
    assertEquals(2, published.size());
    assertEquals(2, set.lastSequence());
    assertEquals(b + 1, published.get(1).nextFileNumber());
  }

  @Test
  void aTrivialMoveKeepsTheFileAlive() throws IOException {
    List<Long> released = new ArrayList<>();
    VersionSet set =
        new VersionSet(
            new VersionState(Version.empty(), 1, 0, 0), s -> {}, f -> released.add(f.fileNumber()));
    FileMetadata f = file(set.newFileNumber(), 0, "a", "c", 10, 1, 2);
    set.logAndApply(new VersionEdit().addFile(f));
    set.logAndApply(new VersionEdit().deleteFile(0, f.fileNumber()).addFile(f.withLevel(1)));
    assertEquals(List.of(), released);
    assertEquals(1, set.current().fileCount(1));
  }

  @Test
  void aFailedPublishChangesNothing() throws IOException {
    VersionSet set =
        new VersionSet(
            new VersionState(Version.empty(), 1, 0, 0),
            s -> {
              throw new IOException("disk full at MANIFEST-x");
            },
            f -> {});
    Version before = set.current();
    assertThrows(
        IOException.class,
        () -> set.logAndApply(new VersionEdit().addFile(file(1, 0, "a", "b", 1, 1, 1))));
    assertEquals(before, set.current());
  }

  @Test
  void outputNumbersArePublishedAsPendingUntilInstalledOrReleased() throws IOException {
    List<VersionState> published = new ArrayList<>();
    VersionSet set =
        new VersionSet(new VersionState(Version.empty(), 1, 0, 0), published::add, f -> {});
    long flushed = set.newOutputNumber();
    long compacted = set.newOutputNumber();
    long abandoned = set.newOutputNumber();
    long log = set.newFileNumber(); // not an SST output: never pending
    set.releaseOutput(abandoned);
    set.logAndApply(new VersionEdit().addFile(file(flushed, 0, "a", "b", 1, 1, 1)));
    VersionState first = published.get(0);
    assertEquals(List.of(compacted), first.pendingOutputs(), "installed and released are not");
    assertEquals(log + 1, first.nextFileNumber());
    assertEquals(List.of(compacted), set.pendingOutputs());
    set.logAndApply(new VersionEdit().addFile(file(compacted, 1, "a", "b", 1, 1, 1)));
    assertEquals(List.of(), published.get(1).pendingOutputs());
    assertEquals(List.of(), set.pendingOutputs());
  }

  @Test
  void aFailedPublishKeepsTheOutputPending() throws IOException {
    VersionSet set =
        new VersionSet(
            new VersionState(Version.empty(), 1, 0, 0),
            s -> {
              throw new IOException("disk full at MANIFEST-x");
            },
            f -> {});
    long n = set.newOutputNumber();
    assertThrows(
        IOException.class,
        () -> set.logAndApply(new VersionEdit().addFile(file(n, 0, "a", "b", 1, 1, 1))));
    assertEquals(List.of(n), set.pendingOutputs(), "its file exists but no manifest lists it");
  }

  @Test
  void keptPendingNumbersMustBeBelowTheNextFileNumber() {
    VersionSet set = new VersionSet(new VersionState(Version.empty(), 5, 0, 0), s -> {}, f -> {});
    set.keepPending(3);
    assertEquals(List.of(3L), set.pendingOutputs());
    assertThrows(IllegalArgumentException.class, () -> set.keepPending(5));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VersionState(Version.empty(), 5, 0, 0, List.of(7L)),
        "pending numbers lie below the next file number");
  }
}
