package io.sediment.lsm.internal.read;

import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.memtable.MemTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A brute-force reference for reads: a log of writes with sequence numbers, and the value of any
 * key at any snapshot computed by replaying the log (newest first: PUT ends, DELETE or a covering
 * range delete ends with nothing, MERGE collects). Shared by the read and compaction tests.
 */
public final class ReadModel {

  /** One logged write; {@code value} is the end key for RANGE_DELETE, null for DELETE. */
  public record Op(long seq, ValueType type, byte[] key, byte[] value) {
    @Override
    public String toString() {
      return "@" + seq + " " + type + " " + Bytes.toDisplay(key) + " " + Bytes.toDisplay(value);
    }
  }

  /**
   * An order-sensitive merge: {@code base|∅ + "+" + operands joined by "+"}. Partial merges join
   * operands, except that an operand starting with 'n' refuses, so both paths get exercised.
   */
  public static final MergeFunction CONCAT =
      new MergeFunction() {
        @Override
        public String name() {
          return "concat";
        }

        @Override
        public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
          StringBuilder sb = new StringBuilder(base == null ? "~" : str(base));
          for (byte[] op : operands) {
            sb.append('+').append(str(op));
          }
          return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public byte[] partialMerge(byte[] key, List<byte[]> operands) {
          StringBuilder sb = new StringBuilder();
          for (byte[] op : operands) {
            if (op.length > 0 && op[0] == 'n') {
              return null;
            }
            sb.append(sb.length() == 0 ? "" : "+").append(str(op));
          }
          return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
      };

  private final List<Op> ops = new ArrayList<>();
  private final MergeFunction mergeFunction;

  public ReadModel(MergeFunction mergeFunction) {
    this.mergeFunction = mergeFunction;
  }

  public void add(Op op) {
    ops.add(op);
  }

  public List<Op> ops() {
    return ops;
  }

  /** The value of {@code key} at {@code snapshot}, or null. */
  public byte[] get(byte[] key, long snapshot) {
    List<Op> relevant = new ArrayList<>();
    for (Op op : ops) {
      if (op.seq() > snapshot) {
        continue;
      }
      if (op.type() == ValueType.RANGE_DELETE
          ? new RangeTombstone(op.key(), op.value(), op.seq()).contains(key, 0, key.length)
          : Arrays.equals(op.key(), key)) {
        relevant.add(op);
      }
    }
    relevant.sort((a, b) -> Long.compare(b.seq(), a.seq()));
    List<byte[]> operands = new ArrayList<>();
    byte[] base = null;
    for (Op op : relevant) {
      if (op.type() == ValueType.MERGE) {
        operands.add(op.value());
        continue;
      }
      if (op.type() == ValueType.PUT) {
        base = op.value();
      }
      break;
    }
    if (operands.isEmpty()) {
      return base;
    }
    Collections.reverse(operands);
    return mergeFunction.fullMerge(key, base, operands);
  }

  /** Every visible key in {@code [lower, upper)} at {@code snapshot}, in order. */
  public TreeMap<byte[], byte[]> scan(long snapshot, byte[] lower, byte[] upper) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    for (Op op : ops) {
      if (op.type() != ValueType.RANGE_DELETE) {
        keys.add(op.key());
      }
    }
    TreeMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    for (byte[] k : keys) {
      if (lower != null && Arrays.compareUnsigned(k, lower) < 0) {
        continue;
      }
      if (upper != null && Arrays.compareUnsigned(k, upper) >= 0) {
        continue;
      }
      byte[] v = get(k, snapshot);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** Applies an op to a memtable. */
  public static void apply(MemTable m, Op op) {
    if (op.type() == ValueType.RANGE_DELETE) {
      m.addRangeTombstone(new RangeTombstone(op.key(), op.value(), op.seq()));
    } else {
      m.add(op.seq(), op.type(), op.key(), op.value());
    }
  }

  /** Keys of 0-3 bytes over a tiny alphabet with 0x00 and 0xff, so order corner cases occur. */
  public static byte[] randomKey(Random r) {
    byte[] alphabet = {0x00, 'a', 'b', (byte) 0xFF};
    byte[] k = new byte[r.nextInt(4)];
    for (int i = 0; i < k.length; i++) {
      k[i] = alphabet[r.nextInt(alphabet.length)];
    }
    return k;
  }

  /** A random write at {@code seq}: mostly puts, then merges, deletes and range deletes. */
  public static Op randomOp(Random r, long seq, boolean merges) {
    int p = r.nextInt(100);
    byte[] key = randomKey(r);
    if (p < 40) {
      return new Op(seq, ValueType.PUT, key, ("v" + seq).getBytes(StandardCharsets.ISO_8859_1));
    }
    if (p < 65 && merges) {
      String operand = (r.nextInt(5) == 0 ? "n" : "m") + seq;
      return new Op(seq, ValueType.MERGE, key, operand.getBytes(StandardCharsets.ISO_8859_1));
    }
    if (p < 85) {
      return new Op(seq, ValueType.DELETE, key, null);
    }
    byte[] other = randomKey(r);
    int c = Arrays.compareUnsigned(key, other);
    if (c == 0) {
      other = Arrays.copyOf(key, key.length + 1); // the key plus 0x00: the next key in order
      c = -1;
    }
    return c < 0
        ? new Op(seq, ValueType.RANGE_DELETE, key, other)
        : new Op(seq, ValueType.RANGE_DELETE, other, key);
  }

  public static String str(byte[] b) {
    return b == null ? "null" : new String(b, StandardCharsets.ISO_8859_1);
  }
}
