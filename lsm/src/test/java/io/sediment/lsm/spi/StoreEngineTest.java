package io.sediment.lsm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreEngineTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private DbOptions options() {
    return DbOptions.builder(dir.toUri().toString()).build();
  }

  @Test
  void pinnedFilesSurviveCompactionAndSharedFilesAreNeverDeleted() throws Exception {
    try (Db db = Db.open(options())) {
      StoreEngine engine = StoreEngine.of(db);
      assertEquals(engine, StoreEngine.of(db));
      db.put(b("a"), b("1"));
      engine.flush();
      assertEquals(1, engine.visibleSequence());
      StoreFile flushed;
      try (PinnedVersion pinned = engine.pinCurrentVersion()) {
        assertEquals(1, pinned.files(0).size());
        flushed = pinned.files().get(0);
        assertEquals(FileOwnership.OWNED, flushed.ownership());
        Path physical = Path.of(engine.physicalPath(flushed).toUri());
        assertEquals(dir.resolve(flushed.logicalName()), physical);
        assertEquals(List.of(flushed.fileNumber()), engine.markShared(pinned.files()));
        assertEquals(List.of(), engine.markShared(pinned.files()), "already shared");
        db.compactRange(null, null);
        assertTrue(Files.exists(physical), "pinned");
        assertTrue(engine.liveFilePaths().contains(engine.physicalPath(flushed)));
      }
      assertTrue(Files.exists(dir.resolve(flushed.logicalName())), "shared: never deleted");
      assertFalse(engine.liveFilePaths().contains(engine.physicalPath(flushed)));
      engine.waitForCompactions();
      assertEquals(dir.toUri().toString(), engine.options().dirUri());
    }
  }

  @Test
  void closeWithoutFlushLosesWhatIsOnlyInTheMemtable() throws Exception {
    Db db = Db.open(options());
    StoreEngine engine = StoreEngine.of(db);
    AtomicBoolean closed = new AtomicBoolean();
    engine.onClosed(() -> closed.set(true));
    db.put(b("flushed"), b("1"));
    db.flush();
    db.put(b("lost"), b("2"));
    engine.closeWithoutFlush();
    assertTrue(engine.isClosed());
    assertTrue(closed.get());
    assertThrows(IllegalStateException.class, engine::pinCurrentVersion);
    try (Db reopened = Db.open(options())) {
      assertEquals("1", new String(reopened.get(b("flushed")), StandardCharsets.UTF_8));
      assertNull(reopened.get(b("lost")));
    }
    assertThrows(IllegalArgumentException.class, () -> StoreEngine.of(null));
  }
}
