package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.lsm.CorruptionException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedFileRegistryTest {

  @Test
  void countsReferencesAndMovesUnreferencedFilesToPending() {
    SharedFileRegistry r =
        SharedFileRegistry.EMPTY
            .withCheckpoint(1, List.of("a", "b"))
            .withCheckpoint(2, List.of("b", "c"));
    assertEquals(2, r.refCount("b"));
    r = r.withoutCheckpoint(1, List.of("a", "b"));
    assertEquals(Set.of(2L), r.retained());
    assertEquals(Set.of("a"), r.pending());
    assertEquals(1, r.refCount("b"));
    // A later checkpoint that references a pending file takes it back.
    r = r.withCheckpoint(3, List.of("a"));
    assertEquals(Set.of(), r.pending());
    r = r.withPending(List.of("a", "orphan")).withoutPending(List.of("x"));
    assertEquals(Set.of("orphan"), r.pending(), "referenced files never become pending");
    assertThrows(
        IllegalArgumentException.class,
        () -> SharedFileRegistry.EMPTY.withoutCheckpoint(9, List.of()));
  }

  @Test
  void roundTripsAndRefusesDamage() throws CorruptionException {
    SharedFileRegistry r =
        SharedFileRegistry.EMPTY
            .withCheckpoint(5, List.of("hdfs://nn/x/1.sst", "hdfs://nn/x/2.sst"))
            .withCheckpoint(6, List.of("hdfs://nn/x/2.sst"))
            .withoutCheckpoint(5, List.of("hdfs://nn/x/1.sst", "hdfs://nn/x/2.sst"));
    byte[] bytes = r.encode();
    SharedFileRegistry back = SharedFileRegistry.decode(bytes, "reg");
    assertEquals(r.retained(), back.retained());
    assertEquals(r.referencedFiles(), back.referencedFiles());
    assertEquals(r.pending(), back.pending());
    assertEquals(1, back.refCount("hdfs://nn/x/2.sst"));
    byte[] badMagic = bytes.clone();
    badMagic[0] ^= 1;
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> SharedFileRegistry.decode(badMagic, "reg"));
    assertEquals(0, e.offset());
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 2);
    assertThrows(CorruptionException.class, () -> SharedFileRegistry.decode(cut, "reg"));
  }

  @Test
  void heldCheckpointsKeepTheirFilesUntilDropped() throws CorruptionException {
    SharedFileRegistry r =
        SharedFileRegistry.EMPTY
            .withCheckpoint(1, List.of("a", "b"))
            .withCheckpoint(2, List.of("b"))
            .withHeld(1);
    assertEquals(Set.of(2L), r.retained());
    assertEquals(Set.of(1L), r.held());
    assertEquals(1, r.refCount("a"), "a held checkpoint keeps its references");
    assertEquals(Set.of(), r.pending());
    assertThrows(IllegalArgumentException.class, () -> r.withCheckpoint(1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> r.withHeld(1));
    SharedFileRegistry back = SharedFileRegistry.decode(r.encode(), "reg");
    assertEquals(r.held(), back.held());
    assertEquals(r.retained(), back.retained());
    SharedFileRegistry dropped = back.withoutCheckpoint(1, List.of("a", "b"));
    assertEquals(Set.of(), dropped.held());
    assertEquals(Set.of("a"), dropped.pending());
    assertEquals(1, dropped.refCount("b"));
  }

  /** Registries written before held checkpoints existed (format version 1) still read. */
  @Test
  void readsFormatVersion1() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeLong(SharedFileRegistry.MAGIC);
    out.writeInt(1);
    out.writeInt(1); // retained
    out.writeLong(4);
    out.writeInt(1); // referenced
    out.writeInt(1);
    out.write('x');
    out.writeInt(1);
    out.writeInt(1); // pending
    out.writeInt(1);
    out.write('y');
    SharedFileRegistry r = SharedFileRegistry.decode(bytes.toByteArray(), "old");
    assertEquals(Set.of(4L), r.retained());
    assertEquals(Set.of(), r.held());
    assertEquals(1, r.refCount("x"));
    assertEquals(Set.of("y"), r.pending());
  }
}
