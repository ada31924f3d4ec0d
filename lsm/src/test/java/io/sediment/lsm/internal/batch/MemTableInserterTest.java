package io.sediment.lsm.internal.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.read.GetContext;
import io.sediment.lsm.internal.read.ReadModel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemTableInserterTest {

  @Test
  void laterOperationsInABatchWin() throws Exception {
    WriteBatch b =
        new WriteBatch()
            .put(bytes("a"), bytes("1"))
            .merge(bytes("a"), bytes("2"))
            .put(bytes("b"), bytes("x"))
            .deleteRange(bytes("b"), bytes("c"))
            .put(bytes("c"), bytes("y"))
            .delete(bytes("c"));
    MemTable m = new MemTable();
    long last = MemTableInserter.insert(WriteBatch.decode(b.encode()), m, 10);
    assertEquals(15, last);
    assertEquals(5, m.entryCount());
    assertEquals(1, m.rangeTombstoneCount());
    assertArrayEquals(bytes("1+2"), get(m, "a", 15));
    assertArrayEquals(bytes("1"), get(m, "a", 10));
    assertNull(get(m, "b", 15));
    assertArrayEquals(bytes("x"), get(m, "b", 12));
    assertNull(get(m, "c", 15));
    assertArrayEquals(bytes("y"), get(m, "c", 14));
  }

  private static byte[] get(MemTable m, String key, long snapshot) {
    byte[] k = bytes(key);
    GetContext ctx = new GetContext(k, snapshot, CONCAT_NO_TILDE);
    ctx.coveredBelow(m.tombstoneSet().maxCoveringSequence(k, snapshot));
    m.get(k, snapshot, ctx);
    return ctx.result();
  }

  private static final io.sediment.lsm.MergeFunction CONCAT_NO_TILDE =
      new io.sediment.lsm.MergeFunction() {
        @Override
        public String name() {
          return "plus";
        }

        @Override
        public byte[] fullMerge(byte[] key, byte[] base, java.util.List<byte[]> operands) {
          String s = ReadModel.str(ReadModel.CONCAT.fullMerge(key, base, operands));
          return bytes(s.startsWith("~+") ? s.substring(2) : s);
        }
      };

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
