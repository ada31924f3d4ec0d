package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The associativity property of a merge function, checked with a seeded generator: for a random
 * base and operand list, any grouping of consecutive operands into partial merges (nested too),
 * then a full merge, gives the bytes of the model's sequential fold, and so does folding one
 * operand at a time. A failure names its seed and the operand list shrunk to a minimal one.
 */
final class MergeProperty {

  /** The expected value of a base (null: none) and operands, computed independently. */
  interface Model {
    byte[] fold(byte[] base, List<byte[]> operands);
  }

  /** Random inputs (operands and bases) for the function under test. */
  interface Gen {
    byte[] next(SplittableRandom random);
  }

  private static final HexFormat HEX = HexFormat.of();

  private MergeProperty() {}

  /** Checks {@code trials} random cases from {@code seed}; throws AssertionError on a failure. */
  static void check(MergeFunction f, Model model, Gen gen, long seed, int trials) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int t = 0; t < trials; t++) {
      byte[] base = random.nextInt(4) == 0 ? null : gen.next(random);
      int n = 1 + random.nextInt(12);
      List<byte[]> operands = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        operands.add(gen.next(random));
      }
      long grouping = random.nextLong();
      String problem = problem(f, model, base, operands, grouping);
      if (problem != null) {
        List<byte[]> small = shrink(f, model, base, operands, grouping);
        byte[] smallBase = problem(f, model, null, small, grouping) != null ? null : base;
        throw new AssertionError(
            f.name()
                + " fails with seed "
                + seed
                + " (trial "
                + t
                + "): "
                + problem(f, model, smallBase, small, grouping)
                + "; shrunk to base "
                + hex(smallBase)
                + ", operands "
                + hex(small));
      }
    }
  }

  /** What goes wrong for these inputs and this grouping seed, or null. */
  static String problem(
      MergeFunction f, Model model, byte[] base, List<byte[]> operands, long groupingSeed) {
    byte[] expected = model.fold(base, operands);
    byte[] sequential = f.fullMerge(KEY, base, copies(operands));
    if (!Arrays.equals(expected, sequential)) {
      return "fullMerge gives " + hex(sequential) + ", model " + hex(expected);
    }
    byte[] eager = base;
    for (byte[] op : operands) {
      eager = f.fullMerge(KEY, eager, List.of(op.clone()));
    }
    if (!Arrays.equals(expected, eager)) {
      return "one operand at a time gives " + hex(eager) + ", model " + hex(expected);
    }
    List<byte[]> grouped = group(f, operands, new SplittableRandom(groupingSeed));
    byte[] viaPartials = f.fullMerge(KEY, base, grouped);
    if (!Arrays.equals(expected, viaPartials)) {
      return "partial merges "
          + hex(grouped)
          + " give "
          + hex(viaPartials)
          + ", model "
          + hex(expected);
    }
    return null;
  }

  /** Operands with random runs replaced by their partial merge, several rounds (nesting). */
  static List<byte[]> group(MergeFunction f, List<byte[]> operands, SplittableRandom random) {
    List<byte[]> items = copies(operands);
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds && items.size() > 1; r++) {
      List<byte[]> next = new ArrayList<>();
      int i = 0;
      while (i < items.size()) {
        int run = 1 + random.nextInt(Math.min(4, items.size() - i));
        List<byte[]> part = items.subList(i, i + run);
        byte[] merged = run >= 2 ? f.partialMerge(KEY, copies(part)) : null;
        if (merged == null) {
          next.addAll(part);
        } else {
          next.add(merged);
        }
        i += run;
      }
      items = next;
    }
    return items;
  }

  /** Removes operands one at a time while the failure persists. */
  static List<byte[]> shrink(
      MergeFunction f, Model model, byte[] base, List<byte[]> operands, long grouping) {
    List<byte[]> current = new ArrayList<>(operands);
    boolean progress = true;
    while (progress && current.size() > 1) {
      progress = false;
      for (int i = 0; i < current.size() && current.size() > 1; i++) {
        List<byte[]> candidate = new ArrayList<>(current);
        candidate.remove(i);
        if (problem(f, model, base, candidate, grouping) != null) {
          current = candidate;
          progress = true;
          i--;
        }
      }
    }
    return current;
  }

  static final byte[] KEY = {'k'};

  private static List<byte[]> copies(List<byte[]> list) {
    List<byte[]> out = new ArrayList<>(list.size());
    for (byte[] b : list) {
      out.add(b.clone());
    }
    return out;
  }

  static String hex(byte[] b) {
    return b == null ? "null" : "[" + HEX.formatHex(b) + "]";
  }

  static String hex(List<byte[]> list) {
    List<String> out = new ArrayList<>();
    for (byte[] b : list) {
      out.add(hex(b));
    }
    return out.toString();
  }
}
