package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link VersionedPublisher} guarantees, run against each {@link FsTarget}. */
public abstract class VersionedPublisherContract {

  protected abstract FsTarget target();

  private FileSystemView view;

  @BeforeEach
  void openView() throws IOException {
    view = FileSystemView.open(target().freshDir("publish"), target().configuration());
  }

  @AfterEach
  void closeView() throws IOException {
    view.close();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void publishReadAndLatest() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "MANIFEST");
    assertEquals(Optional.empty(), pub.latest());
    assertTrue(pub.publish(1, text("one")));
    assertTrue(pub.publish(2, text("two")));
    assertFalse(pub.publish(2, text("again")));
    assertEquals("MANIFEST-00000000000000000002", pub.pathOf(2).getName());
    assertArrayEquals(text("two"), pub.read(2).orElseThrow());
    assertEquals(Optional.empty(), pub.read(7));
    VersionedPublisher.Published latest = pub.latest().orElseThrow();
    assertEquals(2, latest.version());
    assertArrayEquals(text("two"), latest.content());
    assertTrue(pub.publish(3, new byte[0]));
    assertEquals(3, pub.latest().orElseThrow().version());
    assertEquals(0, pub.latest().orElseThrow().content().length);
  }

  @Test
  void ofRacingPublishersExactlyOneWinsEachVersion() throws Exception {
    int threads = 6;
    int versions = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      results.add(
          pool.submit(
              () -> {
                // Each writer has its own publisher, as separate processes would.
                VersionedPublisher pub = new VersionedPublisher(view, view.root(), "CURRENT");
                start.await();
                List<Long> won = new ArrayList<>();
                for (long v = 1; v <= versions; v++) {
                  if (pub.publish(v, text("writer " + writer + " v" + v))) {
                    won.add(v);
                  }
                }
                return won;
              }));
    }
    start.countDown();
    int[] winners = new int[versions + 1];
    for (int t = 0; t < threads; t++) {
      for (long v : results.get(t).get()) {
        winners[(int) v]++;
        String content =
            new String(
                new VersionedPublisher(view, view.root(), "CURRENT").read(v).orElseThrow(),
                StandardCharsets.UTF_8);
        assertEquals("writer " + t + " v" + v, content);
      }
    }
    pool.shutdown();
    for (int v = 1; v <= versions; v++) {
      assertEquals(1, winners[v], "winners of version " + v);
    }
    assertEquals(
        versions,
        new VersionedPublisher(view, view.root(), "CURRENT").latest().orElseThrow().version());
  }

  @Test
  void aTornNewestFileIsSkippedInFavourOfThePreviousCompleteOne() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "MANIFEST");
    pub.publish(1, text("first"));
    pub.publish(2, text("second, complete"));
    // A writer that died part-way through version 3: a valid header prefix, content cut short.
    byte[] full = MetadataFrame.encode(3, text("third, never finished"));
    view.writeAll(pub.pathOf(3), java.util.Arrays.copyOf(full, full.length - 5));
    VersionedPublisher fresh = new VersionedPublisher(view, view.root(), "MANIFEST");
    VersionedPublisher.Published latest = fresh.latest().orElseThrow();
    assertEquals(2, latest.version());
    assertArrayEquals(text("second, complete"), latest.content());
    TornFileException torn = assertThrows(TornFileException.class, () -> fresh.read(3));
    assertTrue(torn.getMessage().contains(pub.pathOf(3).getName()), torn.getMessage());
    // Also skipped: an empty file.
    view.writeAll(pub.pathOf(4), new byte[0]);
    assertEquals(2, fresh.latest().orElseThrow().version());
    // Publishing past the torn ones works, and wins.
    assertTrue(fresh.publish(5, text("fifth")));
    assertEquals(
        5, new VersionedPublisher(view, view.root(), "MANIFEST").latest().orElseThrow().version());
  }

  @Test
  void aDamagedNewestFileIsReportedNotSkipped() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "MANIFEST");
    pub.publish(1, text("first"));
    // Every byte present, one flipped: a torn write never looks like this, so version 2 may have
    // been in force, and falling back to version 1 could undo what it committed.
    byte[] flipped = MetadataFrame.encode(2, text("bit rot"));
    flipped[flipped.length - 1] ^= 1;
    view.writeAll(pub.pathOf(2), flipped);
    VersionedPublisher fresh = new VersionedPublisher(view, view.root(), "MANIFEST");
    DamagedFileException damaged = assertThrows(DamagedFileException.class, fresh::latest);
    assertTrue(damaged.getMessage().contains(pub.pathOf(2).getName()), damaged.getMessage());
    assertEquals(MetadataFrame.HEADER_BYTES, damaged.offset());
    assertThrows(DamagedFileException.class, () -> fresh.read(2));
    // So is a bad magic in a file long enough to hold the whole frame.
    byte[] badMagic = MetadataFrame.encode(3, text("x"));
    badMagic[0] ^= 1;
    view.writeAll(pub.pathOf(3), badMagic);
    assertThrows(DamagedFileException.class, () -> fresh.read(3));
  }

  @Test
  void aTornWriteThroughTheFaultWrapperIsSkipped() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(view.hadoopFileSystem());
    FileSystemView faultyView = FileSystemView.wrap(faulty, view.root());
    VersionedPublisher pub = new VersionedPublisher(faultyView, view.root(), "META");
    pub.publish(1, text("good"));
    faulty.tearNextWrite((op, p) -> p.getName().equals("META-00000000000000000002"), 10);
    assertThrows(IOException.class, () -> pub.publish(2, text("this one tears")));
    assertEquals(10, view.size(pub.pathOf(2)));
    VersionedPublisher reopened = new VersionedPublisher(view, view.root(), "META");
    assertEquals(1, reopened.latest().orElseThrow().version());
  }

  @Test
  void latestAfterReopenUsesTheHintAndProbesWithoutListing() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "MANIFEST");
    for (long v = 1; v <= 5; v++) {
      pub.publish(v, text("v" + v));
    }
    CountingFileSystem counting = new CountingFileSystem(view.hadoopFileSystem());
    FileSystemView countingView = FileSystemView.wrap(counting, view.root());
    counting.resetCounts();
    VersionedPublisher reopened = new VersionedPublisher(countingView, view.root(), "MANIFEST");
    assertEquals(5, reopened.latest().orElseThrow().version());
    assertEquals(0, counting.ops(FsOp.LIST), "a hint is present: no listing");

    // Without a hint a fresh publisher lists once; with a stale hint it probes upward.
    view.delete(pub.hintPath());
    counting.resetCounts();
    assertEquals(
        5,
        new VersionedPublisher(countingView, view.root(), "MANIFEST")
            .latest()
            .orElseThrow()
            .version());
    assertEquals(1, counting.ops(FsOp.LIST));
    view.writeAll(pub.hintPath(), MetadataFrame.encode(2, new byte[0]));
    counting.resetCounts();
    assertEquals(
        5,
        new VersionedPublisher(countingView, view.root(), "MANIFEST")
            .latest()
            .orElseThrow()
            .version());
    assertEquals(0, counting.ops(FsOp.LIST));
  }

  @Test
  void aDamagedHintCostsAListingNotAWrongAnswer() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "M");
    pub.publish(1, text("a"));
    pub.publish(2, text("b"));
    view.delete(pub.hintPath());
    view.writeAll(pub.hintPath(), text("garbage that is not a frame at all"));
    assertEquals(
        2, new VersionedPublisher(view, view.root(), "M").latest().orElseThrow().version());
    // A hint pointing past every existing version (they were deleted) also falls back.
    view.delete(pub.hintPath());
    view.writeAll(pub.hintPath(), MetadataFrame.encode(40, new byte[0]));
    assertEquals(
        2, new VersionedPublisher(view, view.root(), "M").latest().orElseThrow().version());
  }

  @Test
  void deleteOlderThanKeepsNewerVersions() throws IOException {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "CKP");
    for (long v = 1; v <= 4; v++) {
      pub.publish(v, text("v" + v));
    }
    pub.deleteOlderThan(3);
    assertEquals(List.of(3L, 4L), pub.listVersions());
    assertTrue(view.exists(pub.hintPath()));
    assertEquals(
        4, new VersionedPublisher(view, view.root(), "CKP").latest().orElseThrow().version());
  }

  @Test
  void badArgumentsAreIllegalArgumentsNamingTheValue() {
    VersionedPublisher pub = new VersionedPublisher(view, view.root(), "M");
    IllegalArgumentException neg =
        assertThrows(IllegalArgumentException.class, () -> pub.publish(-1, new byte[0]));
    assertTrue(neg.getMessage().contains("-1"), neg.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pub.publish(1, null));
    assertThrows(IllegalArgumentException.class, () -> pub.read(-2));
    assertThrows(IllegalArgumentException.class, () -> pub.deleteOlderThan(-3));
    IllegalArgumentException name =
        assertThrows(
            IllegalArgumentException.class, () -> new VersionedPublisher(view, view.root(), "a/b"));
    assertTrue(name.getMessage().contains("a/b"), name.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new VersionedPublisher(view, view.root(), null));
    assertThrows(IllegalArgumentException.class, () -> new VersionedPublisher(view, null, "M"));
    Path unused = pub.pathOf(0);
    assertEquals("M-00000000000000000000", unused.getName());
  }
}
