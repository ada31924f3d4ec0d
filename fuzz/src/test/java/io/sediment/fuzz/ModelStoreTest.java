package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.compaction.MergeFunctions;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference model's semantics, checked through logs and their observations. */
class ModelStoreTest {

  private static List<String> observe(ModelStore store, String log) {
    return LogRunner.run(OpParser.parseLog(log), store).observations();
  }

  private static List<String> observe(String log) {
    return observe(new ModelStore(new ConcatMergeFunction()), log);
  }

  @Test
  void keysAreInUnsignedOrderShorterFirst() {
    List<String> h =
        observe(
            String.join(
                "\n",
                "put '\\xff' '1'",
                "put '\\x7f' '2'",
                "put '\\x80' '3'",
                "put 'a' '4'",
                "put 'a\\x00' '5'",
                "put '' '6'",
                "scan fwd",
                "scan rev limit=2"));
    assertEquals("[''='6' 'a'='4' 'a\\x00'='5' '\\x7f'='2' '\\x80'='3' '\\xff'='1']", h.get(6));
    assertEquals("['\\xff'='1' '\\x80'='3']", h.get(7));
  }

  @Test
  void deleteRangeRemovesBeginButNotEnd() {
    List<String> h =
        observe(
            String.join(
                "\n",
                "batch put 'a' '1' ; put 'b' '2' ; put 'b\\x00' '3' ; put 'c' '4'",
                "delete-range 'b' 'c'",
                "scan fwd",
                "delete-range 'c' 'c'",
                "delete-range 'd' 'c'",
                "scan fwd"));
    assertEquals("['a'='1' 'c'='4']", h.get(2));
    assertEquals("error IllegalArgumentException", h.get(3));
    assertEquals("error IllegalArgumentException", h.get(4));
    assertEquals("['a'='1' 'c'='4']", h.get(5));
  }

  @Test
  void mergesFoldOntoTheBaseAndDeletionsResetIt() {
    List<String> h =
        observe(
            String.join(
                "\n",
                "merge 'k' 'a'",
                "merge 'k' 'b'",
                "get 'k'",
                "put 'k' ''",
                "merge 'k' 'c'",
                "get 'k'",
                "delete 'k'",
                "merge 'k' 'd'",
                "get 'k'"));
    assertEquals("'a,b'", h.get(2));
    assertEquals("',c'", h.get(5), "an empty base is a base");
    assertEquals("'d'", h.get(8), "a deleted key has no base");
  }

  @Test
  void counterMergesAddUpAsUint64Add() {
    ModelStore m = new ModelStore(MergeFunctions.uint64Add());
    List<String> h =
        observe(
            m,
            String.join(
                "\n",
                "merge 'c' '\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00'",
                "merge 'c' '\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00'",
                "get 'c'",
                "put 'c' '\\x02'",
                "merge 'c' '\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x00'",
                "get 'c'"));
    assertEquals("'\\x05\\x01\\x00\\x00\\x00\\x00\\x00\\x00'", h.get(2), "little-endian");
    assertEquals(
        "'\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", h.get(5), "a 1-byte base counts as 0");
  }

  @Test
  void snapshotsSeeTheirStateAndRefuseReadsOnceReleased() {
    List<String> h =
        observe(
            String.join(
                "\n",
                "put 'a' '1'",
                "snapshot 1",
                "put 'a' '2'",
                "delete-range 'a' 'z'",
                "put 'b' '3'",
                "get 'a' @1",
                "scan fwd @1",
                "scan fwd",
                "release 1",
                "get 'a' @1",
                "scan fwd @1",
                "get 'a' @9",
                "snapshot 2",
                "reopen",
                "get 'b' @2",
                "get 'b'"));
    assertEquals("'1'", h.get(5));
    assertEquals("['a'='1']", h.get(6));
    assertEquals("['b'='3']", h.get(7));
    assertEquals("error IllegalStateException", h.get(9));
    assertEquals("error IllegalStateException", h.get(10));
    assertEquals(Execution.NO_SNAPSHOT, h.get(11), "never taken");
    assertEquals(Execution.NO_SNAPSHOT, h.get(14), "lost to the reopen");
    assertEquals("'3'", h.get(15));
  }

  @Test
  void seeksHonourBoundsAndDirectionChanges() {
    String puts = "batch put 'b' '1' ; put 'd' '2' ; put 'f' '3' ; put 'h' '4'\n";
    List<String> h =
        observe(
            puts
                + String.join(
                    "\n",
                    "seek ge 'c' moves=nnnn",
                    "seek le 'e' moves=ppp",
                    "seek ge 'a' lo='d' hi='h' moves=np",
                    "seek le 'z' lo='d' hi='h'",
                    "seek ge 'h' hi='h'",
                    "seek le 'c' lo='d'",
                    "seek ge 'c' moves=pn"));
    assertEquals("'d'='2' > 'f'='3' > 'h'='4' > invalid", h.get(1));
    assertEquals("'d'='2' > 'b'='1' > invalid", h.get(2));
    assertEquals("'d'='2' > 'f'='3' > 'd'='2'", h.get(3));
    assertEquals("'f'='3'", h.get(4));
    assertEquals("invalid", h.get(5));
    assertEquals("invalid", h.get(6));
    assertEquals("'d'='2' > 'b'='1' > 'd'='2'", h.get(7));
  }

  @Test
  void iteratorsAreStableAndFollowTheContract() throws Exception {
    ModelStore m = new ModelStore(null);
    m.put("a".getBytes(), "1".getBytes());
    try (DbIterator it = m.newIterator(ReadOptions.defaults())) {
      m.put("b".getBytes(), "2".getBytes());
      it.seekToFirst();
      it.next();
      assertEquals(false, it.isValid(), "writes after creation are not seen");
      assertThrows(IllegalStateException.class, it::next);
      assertThrows(IllegalStateException.class, it::key);
    }
    DbIterator closed = m.newIterator(ReadOptions.defaults());
    closed.close();
    assertThrows(IllegalStateException.class, closed::seekToFirst);
  }

  @Test
  void batchesAreAllOrNothingAndMergesNeedAFunction() throws Exception {
    ModelStore m = new ModelStore(null);
    WriteBatch b =
        new WriteBatch().put("a".getBytes(), "1".getBytes()).merge("a".getBytes(), "x".getBytes());
    assertThrows(IllegalStateException.class, () -> m.write(b));
    assertEquals(null, m.get(ReadOptions.defaults(), "a".getBytes()), "nothing applied");
    assertThrows(IllegalStateException.class, () -> m.merge("a".getBytes(), "x".getBytes()));
    Snapshot s = m.snapshot();
    m.close();
    assertThrows(IllegalStateException.class, () -> m.put("a".getBytes(), "1".getBytes()));
    assertThrows(
        IllegalStateException.class,
        () -> m.get(ReadOptions.defaults().snapshot(s), "a".getBytes()));
  }

  @Test
  void multiGetAndGetAsyncReadTheLatestState() {
    List<String> h =
        observe("put 'a' '1'\nput 'c' ''\nmulti-get 'a' 'b' 'c'\nget-async 'a'\nget-async 'b'");
    assertEquals("['1', null, '']", h.get(2));
    assertEquals("'1'", h.get(3));
    assertEquals("null", h.get(4));
  }

  @Test
  void restoreGoesBackToTheCheckpointAndTheRunnerResolvesIds() {
    List<String> h =
        observe(
            String.join(
                "\n",
                "put 'a' '1'",
                "checkpoint 1",
                "put 'a' '2'",
                "merge 'b' 'x'",
                "snapshot 1",
                "checkpoint 2",
                "restore 1 no-claim",
                "scan fwd",
                "get 'a' @1",
                "restore 2 claim",
                "scan fwd",
                "restore 1 no-claim",
                "discard 1",
                "discard 1",
                "restore 7 no-claim",
                "checkpoint 2",
                "checkpoint 3",
                "restore 3 no-claim",
                "scan fwd"));
    assertEquals("ok", h.get(6));
    assertEquals("['a'='1']", h.get(7));
    assertEquals("no-snapshot", h.get(8), "a restore forgets the snapshots");
    assertEquals("['a'='2' 'b'='x']", h.get(10));
    assertEquals("claimed", h.get(11), "retained when 2 was claimed: not restorable");
    assertEquals("ok", h.get(12), "but it can be discarded");
    assertEquals("no-checkpoint", h.get(13));
    assertEquals("no-checkpoint", h.get(14));
    assertEquals("error IllegalArgumentException", h.get(15), "2 is still retained");
    assertEquals("['a'='2' 'b'='x']", h.get(18));
  }
}
