package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KillPointTest {

  @Test
  void eachKindIsReachedByItsEvent() {
    Progress p = new Progress();
    p.accept("ready 100");
    KillPoint afterOp = new KillPoint(KillPoint.Kind.AFTER_OP, 101, 0);
    KillPoint begin = new KillPoint(KillPoint.Kind.CHECKPOINT_BEGIN, 1, 0);
    KillPoint done = new KillPoint(KillPoint.Kind.CHECKPOINT_DONE, 1, 0);
    KillPoint discard = new KillPoint(KillPoint.Kind.DISCARD_BEGIN, 1, 0);
    KillPoint gc = new KillPoint(KillPoint.Kind.COLLECTION_BEGIN, 1, 0);
    p.accept("ack 100");
    assertFalse(afterOp.reached(p));
    p.accept("ack 101");
    assertTrue(afterOp.reached(p));
    assertFalse(begin.reached(p));
    p.accept("checkpoint-begin 9 102");
    assertTrue(begin.reached(p));
    assertFalse(done.reached(p));
    p.accept("checkpoint-done 9");
    assertTrue(done.reached(p));
    assertFalse(discard.reached(p));
    p.accept("discard-begin 8");
    assertTrue(discard.reached(p));
    assertFalse(gc.reached(p));
    p.accept("discard-done 8");
    p.accept("gc-begin");
    assertTrue(gc.reached(p));
  }

  @Test
  void randomPointsAreSeededAndCoverEveryKind() {
    Set<KillPoint.Kind> seen = EnumSet.noneOf(KillPoint.Kind.class);
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      KillPoint k = KillPoint.random(a, 1000, 50, 20);
      assertEquals(k, KillPoint.random(b, 1000, 50, 20));
      assertTrue(k.delayMillis() <= 20, k.toString());
      if (k.kind() == KillPoint.Kind.AFTER_OP) {
        assertTrue(k.target() >= 1000 && k.target() < 1050, k.toString());
      }
      seen.add(k.kind());
    }
    assertEquals(EnumSet.allOf(KillPoint.Kind.class), seen);
    assertThrows(
        IllegalArgumentException.class, () -> new KillPoint(KillPoint.Kind.AFTER_OP, -1, 0));
  }
}
