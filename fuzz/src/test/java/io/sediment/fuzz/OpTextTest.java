package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of byte strings and ops: escapes, repetition, and exact round trips. */
class OpTextTest {

  @Test
  void byteLiteralsEscapeEverythingButPrintableAscii() {
    byte[] b = {'k', 0x00, 'a', '\'', '\\', (byte) 0xff, 0x7f, ' '};
    String text = ByteText.format(b);
    assertEquals("'k\\x00a\\x27\\x5c\\xff\\x7f '", text);
    assertArrayEquals(b, ByteText.parse(text));
    assertEquals("''", ByteText.format(new byte[0]));
    assertArrayEquals(new byte[0], ByteText.parse("''"));
    assertEquals("null", ByteText.format(null));
  }

  @Test
  void longPeriodicValuesUseTheRepeatForm() {
    byte[] v = new byte[6000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) "xyz".charAt(i % 3);
    }
    assertEquals("'xyz'*2000", ByteText.format(v));
    assertArrayEquals(v, ByteText.parse("'xyz'*2000"));
    // Short values stay literal even when periodic.
    assertEquals("'abab'", ByteText.format("abab".getBytes()));
  }

  @Test
  void summariesKeepShortValuesAndDigestLongIrregularOnes() {
    byte[] v = new byte[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) (i * 31 + i / 7);
    }
    String s = ByteText.summarize(v);
    assertTrue(s.startsWith("<1000 bytes #"), s);
    v[999]++;
    assertTrue(!s.equals(ByteText.summarize(v)), "a changed byte changes the summary");
    assertEquals("'v1'", ByteText.summarize("v1".getBytes()));
  }

  @Test
  void malformedLiteralsAreRefusedWithTheText() {
    for (String bad : List.of("'abc", "abc'", "'\\x0'", "'\\q00'", "'a'*", "'a'*x", "'a' b")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ByteText.parse(bad), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void everyOpKindRoundTrips() {
    String log =
        String.join(
            "\n",
            "# a comment",
            "put 'k\\x00a' 'v'",
            "delete ''",
            "delete-range 'a' 'b\\xff'",
            "merge 'k' 'xy'*40",
            "batch put 'a' '1' ; delete 'b' ; delete-range 'c' 'd' ; merge 'a' '2'",
            "batch",
            "",
            "get 'k'",
            "get 'k' @3",
            "multi-get 'a' '' 'c'",
            "get-async 'a'",
            "scan fwd",
            "scan rev lo='a' hi='m' @2 limit=5",
            "seek ge 'k' moves=npn",
            "seek le 'k' lo='\\x00' hi='z' @1",
            "snapshot 7",
            "release 7",
            "flush",
            "compact",
            "compact lo='a'",
            "compact lo='a' hi='b'",
            "reopen",
            "crash",
            "checkpoint 3",
            "discard 3",
            "restore 2 claim",
            "restore 2 no-claim",
            "key-groups 300",
            "rescale 4 split 3 keep 1",
            "rescale 8 merge");
    List<Op> ops = OpParser.parseLog(log);
    assertEquals(29, ops.size());
    assertEquals(new Op.RescaleSplit(4, 3, 1), ops.get(27));
    assertEquals(new Op.RescaleMerge(8), ops.get(28));
    for (Op op : ops) {
      assertEquals(op.text(), OpParser.parse(op.text()).text());
    }
    assertEquals("scan rev lo='a' hi='m' @2 limit=5", ops.get(11).text());
    assertEquals(4, ((Op.Batch) ops.get(4)).ops().size());
  }

  @Test
  void generatedLogsRoundTripThroughText() {
    GeneratorConfig config = GeneratorConfig.defaults().withWeight(OpKind.CRASH, 1);
    for (long seed = 1; seed <= 20; seed++) {
      if (seed > 10) {
        config = config.withKeyGroups(300, 3);
      }
      List<Op> log = OpGenerator.generate(config, seed, 300);
      String text = OpLog.toText(List.of("seed " + seed), log);
      List<Op> back = OpParser.parseLog(text);
      assertEquals(text, OpLog.toText(List.of("seed " + seed), back), "seed " + seed);
    }
  }

  @Test
  void badLinesNameTheLineAndTheProblem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OpParser.parseLog("put 'a' 'b'\nfrobnicate 'a'"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("frobnicate"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("put 'a'"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("batch get 'a'"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("scan sideways"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("seek ge 'a' moves=nx"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("get 'a' @-1"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("restore 1"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("restore 1 maybe"));
    assertThrows(IllegalArgumentException.class, () -> OpParser.parse("checkpoint -2"));
  }
}
