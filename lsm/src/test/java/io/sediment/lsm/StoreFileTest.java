package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.spi.EntryKind;
import io.sediment.lsm.spi.InternalKeys;
import org.junit.jupiter.api.Test;

class StoreFileTest {

  private static StoreFile file(byte[] smallest, byte[] largest) {
    return new StoreFile(
        7, 2, smallest, largest, 100, 10, 1, 1, 3, 9, "000007.sst", "", FileOwnership.SHARED);
  }

  @Test
  void convertsToAndFromTheEngineMetadataExactly() {
    // An exclusive end (a clipped range deletion) must survive the round trip.
    byte[] end = InternalKeys.encode(b("m"), InternalKeys.MAX_SEQUENCE, EntryKind.RANGE_DELETE);
    StoreFile f = file(InternalKeys.encode(b("a"), 9, EntryKind.PUT), end);
    FileMetadata m = FileMetadata.from(f);
    assertTrue(m.largestIsExclusive());
    assertEquals(FileOwnership.SHARED, m.ownership());
    assertEquals(f, m.toStoreFile());
  }

  @Test
  void isAValueWithCopiedKeys() {
    byte[] lo = InternalKeys.encode(b("a"), 9, EntryKind.PUT);
    StoreFile f = file(lo, InternalKeys.encode(b("z"), 3, EntryKind.DELETE));
    lo[0] = 'x';
    f.smallestInternalKey()[0] = 'y';
    assertArrayEquals(b("a"), f.smallestUserKey());
    assertArrayEquals(b("z"), f.largestUserKey());
    assertEquals(f, f.withLevel(2));
    assertNotEquals(f, f.withLevel(3));
    assertEquals("file:/x", f.withPhysicalPath("file:/x").physicalPath());
    assertTrue(f.inStoreDirectory());
    assertTrue(f.toString().contains("'a' @9 PUT"), f.toString());
  }

  @Test
  void refusesBadValuesNamingThem() {
    byte[] a = InternalKeys.encode(b("a"), 1, EntryKind.PUT);
    byte[] z = InternalKeys.encode(b("z"), 1, EntryKind.PUT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file(z, a));
    assertTrue(e.getMessage().contains("after largest"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> file(new byte[3], z));
    assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StoreFile(1, 7, a, z, 1, 1, 0, 0, 1, 1, "n", "", FileOwnership.OWNED));
    assertTrue(e.getMessage().contains(": 7"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new StoreFile(1, 0, a, z, -1, 1, 0, 0, 1, 1, "n", "", FileOwnership.OWNED));
    assertThrows(
        IllegalArgumentException.class,
        () -> new StoreFile(1, 0, a, z, 1, 1, 0, 0, 1, 1, "n", "", null));
  }
}
