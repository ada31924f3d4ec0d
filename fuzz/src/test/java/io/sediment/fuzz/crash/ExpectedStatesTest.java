package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fuzz.LogRunner;
import io.sediment.fuzz.ModelStore;
import io.sediment.fuzz.Op;
import io.sediment.fuzz.OpGenerator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectedStatesTest {

  private static final long SEED = 77;

  @Test
  void aGeneratorPositionedAtAnOpContinuesTheSameSequence() {
    List<Op> whole = OpGenerator.generate(WorkloadLog.generatorConfig(), SEED, 300);
    OpGenerator g = WorkloadLog.generatorAt(SEED, 120);
    for (int i = 120; i < 300; i++) {
      assertEquals(whole.get(i).text(), g.next().text(), "op " + i);
    }
  }

  @Test
  void theWorkloadOnlyWritesFlushesAndCompacts() {
    Set<Class<?>> kinds = new HashSet<>();
    for (Op op : OpGenerator.generate(WorkloadLog.generatorConfig(), SEED, 3000)) {
      kinds.add(op.getClass());
    }
    assertEquals(
        Set.of(
            Op.Put.class,
            Op.Delete.class,
            Op.DeleteRange.class,
            Op.Merge.class,
            Op.Batch.class,
            Op.Flush.class,
            Op.CompactRange.class),
        kinds);
  }

  @Test
  void statesAreTheModelAfterEachPrefix() throws Exception {
    List<Op> log = OpGenerator.generate(WorkloadLog.generatorConfig(), SEED, 400);
    ExpectedStates states = ExpectedStates.replay(SEED, List.of(400L, 0L, 150L, 151L));
    for (long n : List.of(0L, 150L, 151L, 400L)) {
      try (ModelStore model = new ModelStore(CrashConfigs.mergeFunction())) {
        LogRunner.run(log, model, (int) n);
        assertEquals(entries(model.state()), entries(states.after(n)), "after " + n + " ops");
      }
    }
    assertTrue(states.after(400).size() > 10, "the workload leaves data behind");
    for (byte[] k : states.after(400).keySet()) {
      assertTrue(states.keys().contains(k), "every written key is a probe");
    }
    assertThrows(IllegalArgumentException.class, () -> states.after(7));
    assertThrows(IllegalArgumentException.class, () -> ExpectedStates.replay(SEED, List.of(-1L)));
  }

  private static Map<String, String> entries(NavigableMap<byte[], byte[]> m) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach(
        (k, v) ->
            out.put(java.util.HexFormat.of().formatHex(k), java.util.HexFormat.of().formatHex(v)));
    return out;
  }
}
