package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static Progress read(ByteArrayOutputStream out) {
    Progress p = new Progress();
    for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
      p.accept(line);
    }
    return p;
  }

  @Test
  void readsWhatTheReportWrites() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressReport r = new ProgressReport(out);
    r.ready(10);
    r.ack(10);
    r.ack(11);
    r.checkpointBegin(4, 12);
    r.checkpointDone(4);
    r.discardBegin(3);
    r.discardDone(3);
    r.gcBegin();
    r.gcDone(2);
    r.ack(12);
    r.checkpointBegin(5, 13);
    Progress p = read(out);
    assertTrue(p.ready());
    assertEquals(13, p.ackedOps());
    assertEquals(Map.of(4L, 12L, 5L, 13L), p.checkpointsBegun());
    assertEquals(Set.of(4L), p.checkpointsDone());
    assertEquals(Set.of(3L), p.discardsBegun());
    assertEquals(Set.of(3L), p.discardsDone());
    assertEquals(1, p.collectionsBegun());
    assertFalse(p.opMayBeRunning(), "a checkpoint was running");
    assertEquals(11, p.lines());
  }

  @Test
  void anOpMayRunAfterAnAckOrAFinishedCheckpointButNotDuringOneOrWhenIdle() {
    Progress p = new Progress();
    assertEquals(0, p.ackedOps());
    p.accept("ready 5");
    assertEquals(5, p.ackedOps(), "a reopened store holds the ops before its start");
    assertTrue(p.opMayBeRunning());
    p.accept("ack 5");
    assertTrue(p.opMayBeRunning());
    p.accept("checkpoint-begin 1 6");
    assertFalse(p.opMayBeRunning());
    p.accept("checkpoint-done 1");
    assertTrue(p.opMayBeRunning());
    p.accept("gc-begin");
    assertFalse(p.opMayBeRunning());
    p.accept("gc-done 0");
    p.accept("idle");
    assertFalse(p.opMayBeRunning());
    assertTrue(p.idle());
  }

  @Test
  void foreignLinesAreKeptOnlyInTheTailAndBadOnesAreRefused() {
    Progress p = new Progress();
    p.accept("SLF4J: something");
    p.accept("ready 0");
    assertEquals(List.of("SLF4J: something", "ready 0"), p.tail());
    assertThrows(IllegalArgumentException.class, () -> p.accept("ack 3"), "op 0 comes first");
    assertThrows(IllegalArgumentException.class, () -> p.accept("checkpoint-begin 1"));
    assertThrows(IllegalArgumentException.class, () -> p.accept("checkpoint-done x"));
  }
}
