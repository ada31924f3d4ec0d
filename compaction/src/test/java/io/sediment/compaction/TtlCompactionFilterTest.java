package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionFilter.Decision;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtlCompactionFilterTest {

  private static final byte[] K = {'k'};

  @Test
  void valueStateExpiresExactlyAtTimestampPlusTtl() {
    ManualClock clock = new ManualClock(1_000);
    TtlCompactionFilter f =
        TtlCompactionFilter.create(
            TtlConfig.valueState(100).withQueryTimeAfterNumEntries(1), clock);
    byte[] v = value(900, "payload");
    assertEquals(Decision.REMOVE, f.filter(1, K, v).decision(), "900 + 100 <= 1000");
    clock.set(999);
    assertEquals(Decision.KEEP, f.filter(1, K, v).decision(), "900 + 100 > 999");
    assertEquals(Decision.KEEP, f.filter(1, K, value(901, "")).decision());
  }

  @Test
  void mapStateReadsTheTimestampAfterTheNullFlag() {
    ManualClock clock = new ManualClock(1_000);
    TtlCompactionFilter f = TtlCompactionFilter.create(TtlConfig.mapState(100), clock);
    byte[] expired = concat(new byte[] {0}, value(900, "x"));
    byte[] live = concat(new byte[] {0}, value(950, "x"));
    assertEquals(Decision.REMOVE, f.filter(1, K, expired).decision());
    assertEquals(Decision.KEEP, f.filter(1, K, live).decision());
    // Read at offset 0 this value would be a timestamp of 0 and expire: the offset matters.
    assertEquals(
        Decision.KEEP, f.filter(1, K, concat(new byte[] {0}, value(2_000, ""))).decision());
  }

  @Test
  void theExpirySumSaturatesInsteadOfOverflowing() {
    TtlCompactionFilter f =
        TtlCompactionFilter.create(
            TtlConfig.valueState(Long.MAX_VALUE), new ManualClock(Long.MAX_VALUE - 1));
    assertEquals(Decision.KEEP, f.filter(1, K, value(5, "")).decision());
    TtlCompactionFilter atMax =
        TtlCompactionFilter.create(TtlConfig.valueState(10), new ManualClock(Long.MAX_VALUE));
    assertEquals(Decision.REMOVE, atMax.filter(1, K, value(Long.MAX_VALUE - 3, "")).decision());
  }

  @Test
  void valuesTooShortForATimestampAreKept() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE);
    for (TtlConfig c :
        new TtlConfig[] {
          TtlConfig.valueState(1),
          TtlConfig.mapState(1),
          TtlConfig.listState(1, ListElementLength.fixed(8))
        }) {
      TtlCompactionFilter f = TtlCompactionFilter.create(c, clock);
      assertEquals(Decision.KEEP, f.filter(1, K, new byte[0]).decision(), c.toText());
      assertEquals(
          Decision.KEEP, f.filter(1, K, new byte[c.layout().timestampOffset() + 7]).decision());
    }
  }

  @Test
  void listStateDropsTheExpiredHeadWithFixedLengthElements() {
    ManualClock clock = new ManualClock(1_000);
    TtlCompactionFilter f =
        TtlCompactionFilter.create(TtlConfig.listState(100, ListElementLength.fixed(12)), clock);
    byte[] e1 = value(800, "aaaa");
    byte[] e2 = value(900, "bbbb");
    byte[] e3 = value(950, "cccc");
    CompactionFilter.Result r = f.filter(1, K, list(e1, e2, e3));
    assertEquals(Decision.CHANGE_VALUE, r.decision());
    assertArrayEquals(e3, r.newValue());
    assertEquals(Decision.KEEP, f.filter(1, K, list(e3, e1)).decision(), "only a head is dropped");
    assertEquals(Decision.REMOVE, f.filter(1, K, list(e1, e2)).decision());
    assertEquals(Decision.REMOVE, f.filter(1, K, e1).decision());
  }

  @Test
  void listStateWithAPluggableElementLength() {
    // Elements: timestamp, a one-byte length n, n bytes (as a length-prefixed serializer writes).
    ListElementLength prefixed =
        new ListElementLength() {
          @Override
          public String name() {
            return "prefixed";
          }

          @Override
          public int length(byte[] list, int offset) {
            return offset + 8 < list.length ? 9 + (list[offset + 8] & 0xFF) : -1;
          }
        };
    byte[] e1 = value(10, "\u0003,,,");
    byte[] e2 = value(20, "\u0001z");
    byte[] e3 = value(500, "\u0000");
    TtlCompactionFilter f =
        TtlCompactionFilter.fromText(
            "layout=list,ttl-ms=100,element-length=prefixed",
            new ManualClock(150),
            Map.of("prefixed", prefixed));
    CompactionFilter.Result r = f.filter(1, K, list(e1, e2, e3));
    assertEquals(Decision.CHANGE_VALUE, r.decision());
    assertArrayEquals(e3, r.newValue(), "the ',' bytes inside an element are not delimiters");
  }

  @Test
  void aListItCannotParseIsKeptFromTheFirstUnreadableElement() {
    ManualClock clock = new ManualClock(1_000);
    TtlCompactionFilter f =
        TtlCompactionFilter.create(TtlConfig.listState(100, ListElementLength.fixed(12)), clock);
    byte[] e1 = value(800, "aaaa");
    byte[] bad = value(800, "bbbb");
    bad[bad.length - 1] = 'X';
    byte[] noDelimiter = concat(e1, concat(new byte[] {'#'}, value(800, "cccc")));
    assertEquals(Decision.KEEP, f.filter(1, K, noDelimiter).decision());
    byte[] shortTail = concat(list(e1, e1), new byte[] {',', 1, 2, 3});
    CompactionFilter.Result r = f.filter(1, K, shortTail);
    assertEquals(Decision.CHANGE_VALUE, r.decision());
    assertArrayEquals(new byte[] {1, 2, 3}, r.newValue());
    byte[] overlong = concat(e1, new byte[] {',', 0, 0, 0, 0, 0, 0, 0, 0, 1});
    CompactionFilter.Result r2 = f.filter(1, K, overlong);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1}, r2.newValue(), "element too short");
  }

  @Test
  void theClockIsReadOnTheFirstEntryAndThenEveryNEntries() {
    ManualClock clock = new ManualClock(1_000);
    TtlCompactionFilter f =
        TtlCompactionFilter.create(
            TtlConfig.valueState(100).withQueryTimeAfterNumEntries(3), clock);
    byte[] v = value(950, "");
    assertEquals(Decision.KEEP, f.filter(1, K, v).decision());
    assertEquals(1, clock.reads);
    clock.set(2_000);
    assertEquals(Decision.KEEP, f.filter(1, K, v).decision(), "the cached time is still 1000");
    assertEquals(Decision.KEEP, f.filter(1, K, v).decision());
    assertEquals(1, clock.reads);
    assertEquals(Decision.REMOVE, f.filter(1, K, v).decision(), "the fourth entry re-reads");
    assertEquals(2, clock.reads);
  }

  @Test
  void theTextConfigurationRoundTripsAndRejectsMistakes() {
    TtlConfig c =
        TtlConfig.listState(60_000, ListElementLength.fixed(16)).withQueryTimeAfterNumEntries(7);
    assertEquals("layout=list,ttl-ms=60000,query-time-after=7,element-length=fixed:16", c.toText());
    TtlConfig back = TtlConfig.parse(c.toText(), Map.of());
    assertEquals(c.toText(), back.toText());
    assertEquals(1000, TtlConfig.parse("ttl-ms=5,layout=map", null).queryTimeAfterNumEntries());
    for (String bad :
        new String[] {
          "",
          "layout=value",
          "layout=value,ttl-ms=0",
          "layout=value,ttl-ms=x",
          "layout=set,ttl-ms=5",
          "layout=value,ttl-ms=5,colour=red",
          "layout=value,ttl-ms=5,ttl-ms=6",
          "layout=list,ttl-ms=5",
          "layout=value,ttl-ms=5,element-length=fixed:16",
          "layout=list,ttl-ms=5,element-length=fixed:7",
          "layout=list,ttl-ms=5,element-length=mine",
          "layout=value,ttl-ms=5,query-time-after=0",
          "layout"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TtlConfig.parse(bad, Map.of()), bad);
      assertTrue(e.getMessage().contains(bad.isEmpty() ? "''" : bad), e.getMessage());
    }
  }

  @Test
  void filtersAreFoundByNameAndAnUnknownNameIsAnError() {
    CompactionFilter f =
        CompactionFilters.byName(
            TtlCompactionFilter.NAME, "layout=value,ttl-ms=10", new ManualClock(0), Map.of());
    assertEquals("sediment.ttl", f.name());
    assertEquals(
        "layout=value,ttl-ms=10,query-time-after=1000", ((TtlCompactionFilter) f).configText());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CompactionFilters.byName(
                    "ttl", "layout=value,ttl-ms=10", new ManualClock(0), Map.of()));
    assertTrue(e.getMessage().contains("'ttl'"), e.getMessage());
    assertNull(TtlConfig.valueState(5).elementLength());
  }

  static byte[] value(long timestamp, String payload) {
    return concat(
        MergeValues.int64(timestamp),
        payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  static byte[] list(byte[]... elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < elements.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(elements[i]);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
