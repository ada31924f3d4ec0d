package io.sediment.lsm.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clipping and relinking references, their codec, and first manifests with key groups. */
class FileReferencesTest {

  private static final int MAX_P = 16;
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);

  @TempDir Path dir;

  private static byte[] key(int group, String rest) {
    return PREFIX.prepend(group, rest.getBytes(StandardCharsets.UTF_8));
  }

  private static StoreFile file(int fromGroup, int toGroup) {
    return new StoreFile(
        7,
        2,
        InternalKeys.encode(key(fromGroup, "a"), 3, EntryKind.PUT),
        InternalKeys.encode(key(toGroup, "z"), 4, EntryKind.PUT),
        1000,
        10,
        0,
        0,
        1,
        9,
        "000007.sst",
        "file:///elsewhere/000007.sst",
        FileOwnership.NOT_OWNED);
  }

  @Test
  void clipsIntersectAndNeverWiden() {
    StoreFile f = file(2, 9);
    assertEquals(f, FileReferences.clip(f, PREFIX.encode(0), PREFIX.encode(12)).orElseThrow());
    StoreFile low = FileReferences.clip(f, null, PREFIX.encode(5)).orElseThrow();
    assertNull(low.clipLower());
    assertArrayEquals(PREFIX.encode(5), low.clipUpper());
    StoreFile narrower = FileReferences.clip(low, PREFIX.encode(4), null).orElseThrow();
    assertArrayEquals(PREFIX.encode(4), narrower.clipLower());
    assertArrayEquals(PREFIX.encode(5), narrower.clipUpper(), "the old upper end stays");
    assertEquals(Optional.empty(), FileReferences.clip(low, PREFIX.encode(6), null));
    assertEquals(Optional.empty(), FileReferences.clip(f, PREFIX.encode(10), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> FileReferences.clip(f, PREFIX.encode(5), PREFIX.encode(5)));
    assertThrows(IllegalArgumentException.class, () -> FileReferences.clip(null, null, null));
  }

  @Test
  void relinkKeepsTheClipUnderANewNumber() {
    StoreFile clipped = FileReferences.clip(file(2, 9), PREFIX.encode(3), null).orElseThrow();
    StoreFile r = FileReferences.relink(clipped, 42, "file:///x/7.sst", FileOwnership.NOT_OWNED);
    assertEquals(42, r.fileNumber());
    assertEquals("000042.sst", r.logicalName());
    assertEquals("file:///x/7.sst", r.physicalPath());
    assertArrayEquals(clipped.clipLower(), r.clipLower());
    assertEquals(clipped.level(), r.level());
    assertThrows(
        IllegalArgumentException.class,
        () -> FileReferences.relink(clipped, 0, "file:///x", FileOwnership.NOT_OWNED));
    assertThrows(
        IllegalArgumentException.class,
        () -> FileReferences.relink(clipped, 3, "", FileOwnership.NOT_OWNED));
  }

  @Test
  void clipsRoundTripThroughTheSharedCodec() throws Exception {
    StoreFile clipped =
        FileReferences.clip(file(2, 9), PREFIX.encode(3), PREFIX.encode(8)).orElseThrow();
    for (StoreFile f : List.of(file(2, 9), clipped)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      StoreFileCodec.write(out, f);
      StoreFileCodec.writeClip(out, f);
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
      assertEquals(f, StoreFileCodec.read(buf, "t", FileOwnership.NOT_OWNED, true));
      assertFalse(buf.hasRemaining());
      byte[] damaged = bytes.toByteArray();
      int flags = bytes.size() - (f.clipped() ? 1 + 4 + 1 + 4 + 1 : 1);
      damaged[flags] = 4;
      assertThrows(
          CorruptionException.class,
          () -> StoreFileCodec.read(ByteBuffer.wrap(damaged), "t", FileOwnership.OWNED, true));
    }
  }

  @Test
  void createInitialRecordsTheKeyGroupsAndListsOneFileTwice() throws Exception {
    Path source = dir.resolve("source");
    KeyGroupRange all = KeyGroupRange.of(0, MAX_P - 1);
    try (Db db =
        Db.open(DbOptions.builder(source.toUri().toString()).keyGroups(all, MAX_P).build())) {
      for (int g = 0; g < MAX_P; g++) {
        db.put(key(g, "k"), key(g, "v"));
      }
    }
    StoreManifest m = StoreManifest.read(source.toUri().toString(), null).orElseThrow();
    assertEquals(all, m.keyGroupRange());
    assertEquals(MAX_P, m.maxParallelism());
    StoreFile only = m.files().get(0);
    String path = m.physicalPath(only).toString();
    List<StoreFile> refs = new ArrayList<>();
    refs.add(
        FileReferences.relink(
            FileReferences.clip(only, null, PREFIX.encode(4)).orElseThrow(),
            1,
            path,
            FileOwnership.NOT_OWNED));
    refs.add(
        FileReferences.relink(
            FileReferences.clip(only, PREFIX.encode(10), null).orElseThrow(),
            2,
            path,
            FileOwnership.NOT_OWNED));
    Path target = dir.resolve("target");
    KeyGroupRange declared = KeyGroupRange.of(0, MAX_P - 1);
    DbOptions options =
        DbOptions.builder(target.toUri().toString()).keyGroups(declared, MAX_P).build();
    StoreManifest.createInitial(options, refs, m.lastSequence());
    StoreManifest created = StoreManifest.read(target.toUri().toString(), null).orElseThrow();
    assertEquals(declared, created.keyGroupRange());
    assertEquals(List.of(refs.get(1), refs.get(0)), created.files(), "level 0: newest first");
    try (Db db = Db.open(options)) {
      for (int g = 0; g < MAX_P; g++) {
        byte[] want = g < 4 || g >= 10 ? key(g, "v") : null;
        assertArrayEquals(want, db.get(key(g, "k")), "key group " + g);
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Db.open(
                    DbOptions.builder(target.toUri().toString())
                        .keyGroups(KeyGroupRange.of(0, 3), MAX_P)
                        .build()));
    assertTrue(e.getMessage().contains("key groups"), e.getMessage());
  }
}
