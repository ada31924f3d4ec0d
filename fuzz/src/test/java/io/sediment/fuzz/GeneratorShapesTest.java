package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generator makes the keys and values that find bugs in sorted stores, and the checkpoint ops
 * it emits are valid: checks over generated logs, not over the generator's code.
 */
class GeneratorShapesTest {

  /** The largest data block of any standard configuration. */
  private static final int LARGEST_BLOCK =
      StandardSettings.local().stream().mapToInt(c -> c.settings().blockSize()).max().orElseThrow();

  private record Write(byte[] key, byte[] value) {}

  private static List<Write> writes(List<Op> log) {
    List<Write> out = new ArrayList<>();
    for (Op op : log) {
      List<Op> members = op instanceof Op.Batch b ? new ArrayList<>(b.ops()) : List.of(op);
      for (Op m : members) {
        if (m instanceof Op.Put p) {
          out.add(new Write(p.key(), p.value()));
        } else if (m instanceof Op.Merge g) {
          out.add(new Write(g.key(), g.operand()));
        } else if (m instanceof Op.Delete d) {
          out.add(new Write(d.key(), null));
        }
      }
    }
    return out;
  }

  @Test
  void keysCollideNeighbourAndSharePrefixesAndValuesAreEmptyOrLargerThanABlock() {
    int collisions = 0;
    int successors = 0;
    int sameLengthNeighbours = 0;
    int sharedPrefixes = 0;
    int emptyValues = 0;
    int largeValues = 0;
    int emptyKeys = 0;
    int specialBytes = 0;
    for (long seed = 1; seed <= 5; seed++) {
      List<Write> ws = writes(OpGenerator.generate(GeneratorConfig.defaults(), seed, 1000));
      Set<String> seen = new HashSet<>();
      List<byte[]> distinct = new ArrayList<>();
      for (Write w : ws) {
        if (!seen.add(Arrays.toString(w.key))) {
          collisions++;
        } else {
          distinct.add(w.key);
        }
        emptyKeys += w.key.length == 0 ? 1 : 0;
        for (byte b : w.key) {
          specialBytes += b == 0 || b == 0x7f || b == (byte) 0x80 || b == (byte) 0xff ? 1 : 0;
        }
        if (w.value != null) {
          emptyValues += w.value.length == 0 ? 1 : 0;
          largeValues += w.value.length > LARGEST_BLOCK ? 1 : 0;
        }
      }
      for (byte[] a : distinct) {
        for (byte[] b : distinct) {
          if (b.length == a.length + 1
              && b[a.length] == 0
              && Arrays.equals(a, 0, a.length, b, 0, a.length)) {
            successors++;
          }
          int last = a.length - 1;
          if (a.length > 0
              && b.length == a.length
              && b[last] == (byte) (a[last] + 1)
              && Arrays.equals(a, 0, last, b, 0, last)) {
            sameLengthNeighbours++;
          }
          int common = Arrays.mismatch(a, b);
          if (common >= 2 && common < Math.min(a.length, b.length)) {
            sharedPrefixes++;
          }
        }
      }
    }
    assertTrue(collisions > 100, "rewrites of one key: " + collisions);
    assertTrue(successors > 10, "k and k\\x00: " + successors);
    assertTrue(
        sameLengthNeighbours > 10, "k and k with its last byte plus one: " + sameLengthNeighbours);
    assertTrue(sharedPrefixes > 100, "distinct keys sharing a prefix: " + sharedPrefixes);
    assertTrue(emptyValues > 10, "empty values: " + emptyValues);
    assertTrue(largeValues > 5, "values over " + LARGEST_BLOCK + " bytes: " + largeValues);
    assertTrue(emptyKeys > 0, "empty keys: " + emptyKeys);
    assertTrue(specialBytes > 10, "keys with \\x00 \\x7f \\x80 \\xff: " + specialBytes);
  }

  @Test
  void counterValuesAreMostlyLittleEndianUint64s() {
    List<Op> log =
        OpGenerator.generate(
            GeneratorConfig.defaults().withWeight(OpKind.MERGE, 60).withCounterValues(), 11, 2000);
    int merges = 0;
    int counters = 0;
    for (Op op : log) {
      if (op instanceof Op.Merge m) {
        merges++;
        counters += m.operand().length == 8 ? 1 : 0;
      }
    }
    assertTrue(merges > 500, "merges: " + merges);
    assertTrue(counters > merges * 7 / 10 && counters < merges, counters + " of " + merges);
  }

  @Test
  void checkpointOpsNameRetainedAndRestorableCheckpoints() {
    GeneratorConfig config =
        GeneratorConfig.defaults()
            .withWeight(OpKind.CHECKPOINT, 10)
            .withWeight(OpKind.DISCARD, 6)
            .withWeight(OpKind.RESTORE, 6);
    int checkpoints = 0;
    int claims = 0;
    for (long seed = 1; seed <= 10; seed++) {
      Set<Long> retained = new HashSet<>();
      Set<Long> restorable = new HashSet<>();
      for (Op op : OpGenerator.generate(config, seed, 400)) {
        if (op instanceof Op.Checkpoint c) {
          assertTrue(retained.add(c.id()), "ids are never reused: " + c.text());
          restorable.add(c.id());
          checkpoints++;
        } else if (op instanceof Op.Discard d) {
          assertTrue(retained.remove(d.id()), "discard of a retained checkpoint: " + d.text());
          restorable.remove(d.id());
        } else if (op instanceof Op.Restore r) {
          assertTrue(restorable.contains(r.id()), "restore of a restorable one: " + r.text());
          if (r.claim()) {
            claims++;
            restorable.clear();
          }
        }
      }
    }
    assertTrue(checkpoints > 100, "checkpoints: " + checkpoints);
    assertTrue(claims > 10, "claim-mode restores: " + claims);
    assertEquals(0.3, GeneratorConfig.defaults().claimRate());
  }

  /**
   * Keyed logs declare key groups first, split and merge stores, and keep nearly every write inside
   * the store's current key groups: run on the model, few writes are refused, and splits set aside
   * parts that hold entries.
   */
  @Test
  void keyedLogsRescaleAndWriteInsideTheCurrentKeyGroups() {
    GeneratorConfig keyed = GeneratorConfig.defaults().withKeyGroups(128, 3);
    int splits = 0;
    int merges = 0;
    int writes = 0;
    int refused = 0;
    int partsWithEntries = 0;
    for (long seed = 1; seed <= 5; seed++) {
      List<Op> log = OpGenerator.generate(keyed, seed, 1000);
      assertEquals(new Op.DeclareKeyGroups(128), log.get(0));
      History h = LogRunner.run(log, new ModelStore(new ConcatMergeFunction()));
      for (int i = 0; i < log.size(); i++) {
        Op op = log.get(i);
        String seen = h.observation(i);
        if (op instanceof Op.RescaleSplit) {
          splits++;
          assertTrue(seen.startsWith("ok ["), op.text() + " => " + seen);
          partsWithEntries += seen.split(" 0 entries").length == 1 ? 1 : 0;
        } else if (op instanceof Op.RescaleMerge) {
          merges++;
          assertTrue(seen.startsWith("ok merged ["), op.text() + " => " + seen);
        } else if (op instanceof Op.Put || op instanceof Op.Merge || op instanceof Op.Delete) {
          writes++;
          refused += seen.startsWith("error IllegalArgumentException") ? 1 : 0;
        }
      }
    }
    assertTrue(splits >= 10 && merges >= 5, splits + " splits, " + merges + " merges");
    assertTrue(refused > 0 && refused < writes / 10, refused + " of " + writes + " writes refused");
    assertTrue(partsWithEntries > 0, "some split set aside parts that all hold entries");
  }
}
