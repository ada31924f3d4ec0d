package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.MergeFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeFunctionsTest {

  private static final byte[] K = {'k'};

  @Test
  void uint64AddReadsLittleEndianAndWrapsAtTwoToThe64() {
    MergeFunction f = MergeFunctions.uint64Add();
    assertArrayEquals(
        new byte[] {3, 1, 0, 0, 0, 0, 0, 0},
        f.fullMerge(K, new byte[] {1, 1, 0, 0, 0, 0, 0, 0}, List.of(MergeValues.uint64(2))));
    assertArrayEquals(
        MergeValues.uint64(0),
        f.fullMerge(K, MergeValues.uint64(-1), List.of(MergeValues.uint64(1))));
    assertEquals(
        "18446744073709551615",
        Long.toUnsignedString(
            MergeValues.readUint64(f.fullMerge(K, null, List.of(MergeValues.uint64(-1))))));
  }

  @Test
  void uint64AddCountsAWrongLengthAsZeroLikeRocksDb() {
    MergeFunction f = MergeFunctions.uint64Add();
    assertArrayEquals(
        MergeValues.uint64(5),
        f.fullMerge(K, new byte[] {9, 9, 9}, List.of(MergeValues.uint64(5), new byte[0])));
    assertArrayEquals(MergeValues.uint64(0), f.fullMerge(K, null, List.of(new byte[] {1})));
    assertArrayEquals(
        MergeValues.uint64(7), f.partialMerge(K, List.of(new byte[9], MergeValues.uint64(7))));
  }

  @Test
  void bigEndianSumsAndExtremaHaveTheirOwnWidths() {
    assertArrayEquals(
        MergeValues.int32(Integer.MIN_VALUE),
        MergeFunctions.intSum()
            .fullMerge(K, MergeValues.int32(Integer.MAX_VALUE), List.of(MergeValues.int32(1))));
    assertArrayEquals(
        MergeValues.int64(-3),
        MergeFunctions.longSum()
            .fullMerge(K, null, List.of(MergeValues.int64(-5), MergeValues.int64(2))));
    assertArrayEquals(
        MergeValues.float64(1.5),
        MergeFunctions.doubleSum()
            .fullMerge(
                K, MergeValues.float64(1.0), List.of(MergeValues.float64(0.5), new byte[3])));
    assertArrayEquals(
        MergeValues.int64(7),
        MergeFunctions.longMax()
            .fullMerge(K, MergeValues.int64(-9), List.of(MergeValues.int64(7), new byte[2])));
    assertArrayEquals(
        MergeValues.int64(-9),
        MergeFunctions.longMin()
            .fullMerge(K, MergeValues.int64(-9), List.of(MergeValues.int64(7))));
    assertArrayEquals(
        new byte[0], MergeFunctions.longMax().fullMerge(K, new byte[1], List.of(new byte[2])));
  }

  @Test
  void listAppendIsFlinksCommaLayout() {
    MergeFunction f = MergeFunctions.listAppend();
    assertEquals("a,b,c", s(f.fullMerge(K, b("a"), List.of(b("b"), b("c")))));
    assertEquals("b,c", s(f.fullMerge(K, null, List.of(b("b"), b("c")))));
    assertEquals(",b", s(f.fullMerge(K, b(""), List.of(b("b")))), "an empty base is a base");
    assertEquals(
        "x,y,z", s(f.fullMerge(K, b("x"), List.of(f.partialMerge(K, List.of(b("y"), b("z")))))));
    assertEquals(
        "a,b1,b2", s(f.fullMerge(K, b("a"), List.of(b("b1,b2")))), "multi-element operand");
  }

  @Test
  void lastValueIgnoresTheBase() {
    assertEquals(
        "new", s(MergeFunctions.lastValue().fullMerge(K, b("old"), List.of(b("mid"), b("new")))));
  }

  @Test
  void namesAreStableAndResolveToTheSameFunctions() {
    List<String> expected =
        List.of(
            "sediment.float64-sum",
            "sediment.int32-sum",
            "sediment.int64-max",
            "sediment.int64-min",
            "sediment.int64-sum",
            "sediment.last-value",
            "sediment.list-append",
            "sediment.uint64add");
    assertEquals(expected, List.copyOf(MergeFunctionRegistry.builtIns().names()));
    for (String name : expected) {
      assertEquals(name, MergeFunctions.byName(name).name());
    }
    assertSame(MergeFunctions.uint64Add(), MergeFunctions.byName("sediment.uint64add"));
  }

  @Test
  void anUnknownNameIsAnErrorNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MergeFunctions.byName("uint64add"));
    assertTrue(e.getMessage().contains("'uint64add'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MergeFunctions.byName(null));
  }

  @Test
  void theRegistryTakesUserFunctionsUnderTheirNamesOnly() {
    AggregatingMergeFunction<Long, long[]> avg =
        MergeFunctions.aggregating("avg", new MergeFunctionPropertyTest.Average());
    MergeFunctionRegistry r = MergeFunctionRegistry.builtIns().with(avg);
    assertSame(avg, r.get("avg"));
    assertThrows(IllegalArgumentException.class, () -> MergeFunctionRegistry.builtIns().get("avg"));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> r.with(avg));
    assertTrue(dup.getMessage().contains("'avg'"), dup.getMessage());
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MergeFunctions.aggregating(
                    "sediment.avg", new MergeFunctionPropertyTest.Average()));
    assertTrue(reserved.getMessage().contains("'sediment.avg'"), reserved.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MergeFunctions.aggregating(" ", new MergeFunctionPropertyTest.Average()));
  }

  @Test
  void aggregatingKeepsTheSerializedAccumulator() {
    AggregatingMergeFunction<Long, long[]> avg =
        MergeFunctions.aggregating("avg", new MergeFunctionPropertyTest.Average());
    byte[] v = avg.fullMerge(K, null, List.of(avg.operand(4L), avg.operand(6L)));
    assertArrayEquals(new long[] {10, 2}, avg.accumulator(v));
    assertThrows(IllegalArgumentException.class, () -> avg.fullMerge(K, new byte[3], List.of(v)));
  }

  @Test
  void decodersRejectWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> MergeValues.readUint64(new byte[7]));
    assertThrows(IllegalArgumentException.class, () -> MergeValues.readInt32(new byte[8]));
    assertThrows(IllegalArgumentException.class, () -> MergeValues.readInt64(null));
    assertEquals(-2.5, MergeValues.readFloat64(MergeValues.float64(-2.5)));
    assertEquals(-7, MergeValues.readInt32(MergeValues.int32(-7)));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
