package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.lsm.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The recovery model accepts exactly the states a crash may leave, and no other. */
class RecoveryModelTest {

  private static WriteBatch put(String k, String v) {
    return new WriteBatch().put(b(k), b(v));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Each acceptable state as "k=v;k=v", sorted. */
  private static Set<String> states(RecoveryModel m, boolean prefixes) {
    return m.acceptableStates(prefixes).stream()
        .map(RecoveryModelTest::text)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String text(NavigableMap<byte[], byte[]> s) {
    return s.entrySet().stream()
        .map(e -> new String(e.getKey(), StandardCharsets.UTF_8) + "=" + new String(e.getValue()))
        .collect(Collectors.joining(";"));
  }

  @Test
  void withTheLogEveryAcknowledgedWriteStaysAndAFailedOneIsWholeOrAbsent() {
    RecoveryModel m = new RecoveryModel(new ConcatMergeFunction());
    m.reset(Map.of(b("a"), b("1")));
    m.acknowledged(put("b", "2"));
    m.durable();
    m.maybe(new WriteBatch().put(b("c"), b("3")).put(b("e"), b("5")));
    m.acknowledged(put("d", "4"));
    m.durable();
    assertEquals(Set.of("a=1;b=2;c=3;d=4;e=5", "a=1;b=2;d=4"), states(m, false));
    assertEquals(1, m.maybeCount());
    assertEquals("a=1;b=2;d=4", text(m.acknowledgedState()));
  }

  @Test
  void withoutTheLogAnyPrefixPastTheLastDurablePointIsAcceptable() {
    RecoveryModel m = new RecoveryModel(new ConcatMergeFunction());
    m.acknowledged(put("a", "1"));
    m.durable();
    m.acknowledged(put("b", "2"));
    m.acknowledged(new WriteBatch().merge(b("a"), b("x")).put(b("c"), b("3")));
    // The concatenating merge function joins with ','.
    assertEquals(Set.of("a=1", "a=1;b=2", "a=1,x;b=2;c=3"), states(m, true));
    m.durable();
    assertEquals(Set.of("a=1,x;b=2;c=3"), states(m, true));
  }

  @Test
  void aFailedWriteBeforeLaterOnesMayBeMissingButNeverReordered() {
    RecoveryModel m = new RecoveryModel(new ConcatMergeFunction());
    m.maybe(put("k", "failed"));
    m.acknowledged(put("k", "later"));
    m.durable();
    // "k=failed" alone would mean the failed write overtook the later one: never acceptable.
    assertEquals(Set.of("k=later"), states(m, true));
    m.maybe(new WriteBatch().delete(b("k")).put(b("j"), b("1")));
    assertEquals(Set.of("j=1", "k=later"), states(m, false));
    assertEquals(
        List.of(),
        m.acceptableStates(false).stream()
            .filter(s -> s.containsKey(b("j")) && s.containsKey(b("k")))
            .toList(),
        "a batch is never half applied");
  }
}
