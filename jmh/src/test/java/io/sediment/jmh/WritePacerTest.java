package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WritePacerTest {

  @Test
  void negativeRateIsRefusedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WritePacer(-5));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
  }

  @Test
  void writesNeverRunAheadOfTheRate() {
    // 50 writes of 1,000 bytes at 1 MB/s: the 50th may not start before 49 ms have passed. Only a
    // lower bound is checked, which a slow machine cannot break.
    WritePacer pacer = new WritePacer(1_000_000);
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      pacer.awaitTurn(1_000);
    }
    long elapsed = System.nanoTime() - start;
    assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(49), "took only " + elapsed + " ns");
  }

  @Test
  void aWriterThatFellBehindCatchesUpByAtMostTheCredit() throws InterruptedException {
    WritePacer pacer = new WritePacer(1_000_000);
    pacer.awaitTurn(1_000);
    Thread.sleep(500); // an engine stall: 500 writes' worth of time
    long start = System.nanoTime();
    // The credit lets 100 ms of writes (100 of them) through at once; the next 50 wait their turn.
    for (int i = 0; i < 150; i++) {
      pacer.awaitTurn(1_000);
    }
    long elapsed = System.nanoTime() - start;
    assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(48), "took only " + elapsed + " ns");
  }
}
