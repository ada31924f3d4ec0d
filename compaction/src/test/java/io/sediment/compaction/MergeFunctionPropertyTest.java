package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.MergeFunction;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in merge function against an independent model: any grouping of operands into partial
 * merges, then a full merge, gives the model's sequential fold. {@code -Dmerge.seed=N} replays one
 * seed; {@code -Dmerge.trials=N} runs longer.
 */
class MergeFunctionPropertyTest {

  private static final long SEED = Long.getLong("merge.seed", 0x5EED_0001L);
  private static final int TRIALS = Integer.getInteger("merge.trials", 3000);

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @Test
  void uint64AddIsRocksDbsWrappingLittleEndianSum() {
    MergeProperty.check(
        MergeFunctions.uint64Add(),
        (base, ops) -> {
          BigInteger sum = BigInteger.ZERO;
          for (byte[] v : withBase(base, ops)) {
            if (v.length == 8) {
              byte[] be = new byte[9];
              for (int i = 0; i < 8; i++) {
                be[8 - i] = v[i];
              }
              sum = sum.add(new BigInteger(be));
            }
          }
          long bits = sum.mod(TWO_64).longValue();
          byte[] out = new byte[8];
          for (int i = 0; i < 8; i++) {
            out[i] = (byte) (bits >>> (8 * i));
          }
          return out;
        },
        Generators.fixedWidth(8),
        SEED,
        TRIALS);
  }

  @Test
  void intSumWrapsOnFourBigEndianBytes() {
    MergeProperty.check(
        MergeFunctions.intSum(),
        (base, ops) -> {
          BigInteger sum = BigInteger.ZERO;
          for (byte[] v : withBase(base, ops)) {
            if (v.length == 4) {
              sum = sum.add(new BigInteger(v));
            }
          }
          return MergeValues.int32(sum.intValue());
        },
        Generators.fixedWidth(4),
        SEED + 1,
        TRIALS);
  }

  @Test
  void longSumWrapsOnEightBigEndianBytes() {
    MergeProperty.check(
        MergeFunctions.longSum(),
        (base, ops) -> {
          BigInteger sum = BigInteger.ZERO;
          for (byte[] v : withBase(base, ops)) {
            if (v.length == 8) {
              sum = sum.add(new BigInteger(v));
            }
          }
          return MergeValues.int64(sum.longValue());
        },
        Generators.fixedWidth(8),
        SEED + 2,
        TRIALS);
  }

  @Test
  void doubleSumIsTheSequentialFold() {
    MergeFunction f = MergeFunctions.doubleSum();
    assertNull(f.partialMerge(MergeProperty.KEY, List.of(new byte[8], new byte[8])));
    MergeProperty.check(
        f,
        (base, ops) -> {
          // The fold starts from the base itself (so a -0.0 base stays -0.0), or 0.0.
          double sum = base != null && base.length == 8 ? Double.longBitsToDouble(be(base)) : 0.0;
          for (byte[] v : ops) {
            if (v.length == 8) {
              sum += Double.longBitsToDouble(be(v));
            }
          }
          return MergeValues.float64(sum);
        },
        Generators.fixedWidth(8),
        SEED + 3,
        TRIALS);
  }

  @Test
  void longMaxAndMinSkipWrongLengthsAndOtherwiseGiveTheExtremum() {
    for (boolean max : new boolean[] {true, false}) {
      MergeProperty.check(
          max ? MergeFunctions.longMax() : MergeFunctions.longMin(),
          (base, ops) -> {
            Long best = null;
            for (byte[] v : withBase(base, ops)) {
              if (v.length == 8) {
                long x = be(v);
                best = best == null ? x : max ? Math.max(best, x) : Math.min(best, x);
              }
            }
            return best == null ? new byte[0] : MergeValues.int64(best);
          },
          Generators.fixedWidth(8),
          SEED + 4,
          TRIALS);
    }
  }

  @Test
  void lastValueKeepsTheNewestOperand() {
    MergeProperty.check(
        MergeFunctions.lastValue(),
        (base, ops) -> ops.get(ops.size() - 1).clone(),
        Generators.anyBytes(),
        SEED + 5,
        TRIALS);
  }

  @Test
  void listAppendJoinsWithOneCommaAndNoTrailingDelimiter() {
    MergeProperty.check(
        MergeFunctions.listAppend(),
        (base, ops) -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          List<byte[]> all = withBase(base, ops);
          for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
              out.write(',');
            }
            out.writeBytes(all.get(i));
          }
          return out.toByteArray();
        },
        Generators.anyBytes(),
        SEED + 6,
        TRIALS);
  }

  @Test
  void aggregatingFoldsAccumulators() {
    AggregatingMergeFunction<Long, long[]> avg = MergeFunctions.aggregating("avg", new Average());
    MergeProperty.check(
        avg,
        (base, ops) -> {
          long sum = 0;
          long count = 0;
          for (byte[] v : withBase(base, ops)) {
            long[] acc = new Average().deserialize(v);
            sum += acc[0];
            count += acc[1];
          }
          return new Average().serialize(new long[] {sum, count});
        },
        random ->
            random.nextInt(3) == 0
                ? new Average().serialize(new long[] {random.nextLong(), random.nextInt(5)})
                : avg.operand(random.nextLong()),
        SEED + 7,
        TRIALS);
  }

  /** The harness itself: a partial merge that loses operands is caught and shrunk to two. */
  @Test
  void theHarnessCatchesABrokenPartialMergeAndShrinksIt() {
    MergeFunction broken =
        new MergeFunction() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
            return MergeFunctions.longSum().fullMerge(key, base, operands);
          }

          @Override
          public byte[] partialMerge(byte[] key, List<byte[]> operands) {
            return operands.get(0).clone(); // drops all but the first
          }
        };
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                MergeProperty.check(
                    broken,
                    (base, ops) -> MergeFunctions.longSum().fullMerge(new byte[0], base, ops),
                    Generators.fixedWidth(8),
                    SEED,
                    TRIALS));
    assertTrue(e.getMessage().contains("seed " + SEED), e.getMessage());
    String operands = e.getMessage().substring(e.getMessage().lastIndexOf("operands "));
    assertTrue(operands.chars().filter(c -> c == '[').count() <= 3, e.getMessage());
  }

  private static long be(byte[] v) {
    return MergeValues.readInt64(v);
  }

  private static List<byte[]> withBase(byte[] base, List<byte[]> ops) {
    if (base == null) {
      return ops;
    }
    java.util.ArrayList<byte[]> all = new java.util.ArrayList<>();
    all.add(base);
    all.addAll(ops);
    return all;
  }

  /** An average as (sum, count), 16 big-endian bytes. */
  static final class Average implements Aggregator<Long, long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Long input, long[] acc) {
      return new long[] {acc[0] + input, acc[1] + 1};
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], a[1] + b[1]};
    }

    @Override
    public byte[] serialize(long[] acc) {
      byte[] out = new byte[16];
      System.arraycopy(MergeValues.int64(acc[0]), 0, out, 0, 8);
      System.arraycopy(MergeValues.int64(acc[1]), 0, out, 8, 8);
      return out;
    }

    @Override
    public long[] deserialize(byte[] bytes) {
      if (bytes.length != 16) {
        throw new IllegalArgumentException("an average needs 16 bytes, got " + bytes.length);
      }
      return new long[] {
        MergeValues.readInt64(java.util.Arrays.copyOfRange(bytes, 0, 8)),
        MergeValues.readInt64(java.util.Arrays.copyOfRange(bytes, 8, 16))
      };
    }
  }
}
