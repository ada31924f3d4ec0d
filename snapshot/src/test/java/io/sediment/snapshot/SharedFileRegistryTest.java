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

  @Test
  void recordsStoresAndReadsFormatVersion2WithoutThem() throws CorruptionException {
    SharedFileRegistry r =
        SharedFileRegistry.EMPTY
            .withCheckpoint(1, List.of("a"))
            .withStore("hdfs://nn/stores/op-1")
            .withStore("hdfs://nn/stores/op-2")
            .withStore("hdfs://nn/stores/op-1");
    assertEquals(Set.of("hdfs://nn/stores/op-1", "hdfs://nn/stores/op-2"), r.stores());
    SharedFileRegistry back = SharedFileRegistry.decode(r.encode(), "reg");
    assertEquals(r.stores(), back.stores());
    assertEquals(
        Set.of("hdfs://nn/stores/op-2"),
        back.withoutStores(List.of("hdfs://nn/stores/op-1")).stores());
    assertEquals(r.stores(), back.withHeld(1).withoutCheckpoint(1, List.of("a")).stores());
    assertThrows(IllegalArgumentException.class, () -> r.withStore(""));

    // Version 2 is version 3 without the store list at the end.
    byte[] v3 = SharedFileRegistry.EMPTY.withCheckpoint(7, List.of("x")).encode();
    byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 4);
    java.nio.ByteBuffer.wrap(v2).putInt(8, 2);
    SharedFileRegistry old = SharedFileRegistry.decode(v2, "reg-v2");
    assertEquals(Set.of(7L), old.retained());
    assertEquals(Set.of(), old.stores());

    byte[] repeated = SharedFileRegistry.EMPTY.withStore("s").encode();
    byte[] twice = java.util.Arrays.copyOf(repeated, repeated.length + 5);
    java.nio.ByteBuffer.wrap(twice).putInt(repeated.length - 9, 2).putInt(repeated.length, 1);
    twice[repeated.length + 4] = 's';
    assertThrows(CorruptionException.class, () -> SharedFileRegistry.decode(twice, "reg"));
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
