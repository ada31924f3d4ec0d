package io.sediment.lsm.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArenaTest {

  @Test
  void blocksAreDisjointAlignedAndAddressable() {
    Arena arena = new Arena();
    Random r = new Random(3);
    List<int[]> blocks = new ArrayList<>(); // address, size
    for (int i = 0; i < 5000; i++) {
      int size = 8 * (1 + r.nextInt(i % 100 == 0 ? 40_000 : 40));
      int address = arena.allocate(size);
      byte[] chunk = arena.chunk(address);
      int offset = Arena.offset(address);
      assertEquals(0, offset % 8);
      assertTrue(offset + size <= chunk.length, "block inside its chunk");
      assertTrue(Arrays.equals(new byte[size], 0, size, chunk, offset, offset + size), "zeroed");
      Arrays.fill(chunk, offset, offset + size, (byte) (i + 1));
      blocks.add(new int[] {address, size, i + 1});
    }
    // Every block still holds what was written into it: no two blocks overlap.
    for (int[] b : blocks) {
      byte[] chunk = arena.chunk(b[0]);
      int offset = Arena.offset(b[0]);
      for (int j = offset; j < offset + b[1]; j++) {
        assertEquals((byte) b[2], chunk[j]);
      }
    }
    assertTrue(arena.allocatedBytes() >= blocks.stream().mapToLong(b -> b[1]).sum());
  }

  @Test
  void largeBlocksGetAChunkOfTheirOwn() {
    Arena arena = new Arena();
    int small = arena.allocate(64);
    int large = arena.allocate(Arena.DEDICATED_BLOCK_BYTES + 8);
    int after = arena.allocate(64);
    assertEquals(0, Arena.offset(large));
    assertEquals(Arena.DEDICATED_BLOCK_BYTES + 8, arena.chunk(large).length);
    // Small blocks keep filling the regular chunk.
    assertSame(arena.chunk(small), arena.chunk(after));
    assertEquals(Arena.offset(small) + 64, Arena.offset(after));
    assertNotEquals(arena.chunk(small), arena.chunk(large));
    // A block beyond the largest regular chunk is still addressable.
    int huge = arena.allocate(3 * Arena.MAX_CHUNK_BYTES);
    assertEquals(3 * Arena.MAX_CHUNK_BYTES, arena.chunk(huge).length);
  }

  @Test
  void chunksGrowUpToTheLargestRegularSize() {
    Arena arena = new Arena();
    int previous = 0;
    for (int i = 0; i < 40; i++) {
      int address = arena.allocate(Arena.DEDICATED_BLOCK_BYTES); // fills a chunk in a few blocks
      int length = arena.chunk(address).length;
      assertTrue(length >= previous && length <= Arena.MAX_CHUNK_BYTES, "chunk of " + length);
      previous = length;
    }
    assertEquals(Arena.MAX_CHUNK_BYTES, previous);
  }

  @Test
  void badSizesAreRejected() {
    Arena arena = new Arena();
    for (int bad : new int[] {0, -8, 7, 12, Integer.MAX_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> arena.allocate(bad));
      assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
    }
  }
}
