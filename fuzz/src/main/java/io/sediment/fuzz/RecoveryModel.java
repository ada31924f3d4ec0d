package io.sediment.fuzz;

import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Which states a store may show after it crashed, given the writes it acknowledged, the writes that
 * failed, and the points at which it promised durability.
 *
 * <p>The model keeps a <em>base</em> state (certainly durable) and the writes since, in order, each
 * either <em>acknowledged</em> (the call returned) or <em>maybe</em> (the call threw: the write may
 * or may not have reached the disk). A {@link #durable() durability point} (a flush, a checkpoint,
 * a clean reopen, or any acknowledged write when the write-ahead log is on) makes every
 * acknowledged write up to it mandatory. The acceptable states after a crash are then:
 *
 * <ul>
 *   <li>every write up to the last durability point applied, acknowledged ones certainly and maybe
 *       ones each either whole or not at all (atomically: a batch is never half applied), and
 *   <li>without the write-ahead log, any further prefix of the later writes on top (a background
 *       flush may have made some of them durable, always oldest first), with the same rule for
 *       maybe writes in it; with the log on, there is nothing after the last durability point
 *       except maybe writes.
 * </ul>
 *
 * <p>Nothing else is acceptable: a lost acknowledged durable write, a failed write half applied, a
 * failed write applied out of order, or a later write without an earlier acknowledged one.
 *
 * <p>Maybe writes double the candidates each; the runner recovers before there are many. Not
 * thread-safe.
 */
public final class RecoveryModel {

  private enum Kind {
    ACKNOWLEDGED,
    MAYBE
  }

  private record Entry(WriteBatch batch, Kind kind) {}

  private final MergeFunction mergeFunction;
  private NavigableMap<byte[], byte[]> base = ModelStore.newMap();
  private final List<Entry> since = new ArrayList<>();
  private int durableCount;

  /**
   * @param mergeFunction the function merges are folded with (as in the {@link ModelStore})
   */
  public RecoveryModel(MergeFunction mergeFunction) {
    this.mergeFunction = mergeFunction;
  }

  /** Starts over from {@code state}, certainly durable (after a recovery or a restore). */
  public void reset(Map<byte[], byte[]> state) {
    base = ModelStore.newMap();
    base.putAll(state);
    since.clear();
    durableCount = 0;
  }

  /** An acknowledged write (its batch must be one the store accepted). */
  public void acknowledged(WriteBatch batch) {
    since.add(new Entry(batch, Kind.ACKNOWLEDGED));
  }

  /** A write that threw an I/O error: it may or may not have been applied, but never in part. */
  public void maybe(WriteBatch batch) {
    since.add(new Entry(batch, Kind.MAYBE));
  }

  /** Every write so far is as durable as it will get: acknowledged ones must survive a crash. */
  public void durable() {
    durableCount = since.size();
    // Fold the leading acknowledged writes into the base: they are no longer in question.
    int fold = 0;
    while (fold < durableCount && since.get(fold).kind == Kind.ACKNOWLEDGED) {
      fold++;
    }
    if (fold > 0) {
      for (Entry e : since.subList(0, fold)) {
        ModelStore.apply(base, e.batch, mergeFunction);
      }
      since.subList(0, fold).clear();
      durableCount -= fold;
    }
  }

  /** Number of maybe writes still in question. */
  public int maybeCount() {
    return (int) since.stream().filter(e -> e.kind == Kind.MAYBE).count();
  }

  /**
   * Every acceptable state after a crash, deduplicated.
   *
   * @param prefixesAllowed whether writes after the last durability point may be durable in part
   *     (stores without the write-ahead log); with the log on, acknowledged writes are all durable
   *     and only maybe writes are in question
   */
  public List<NavigableMap<byte[], byte[]>> acceptableStates(boolean prefixesAllowed) {
    List<NavigableMap<byte[], byte[]>> states = new ArrayList<>();
    states.add(copy(base));
    List<NavigableMap<byte[], byte[]>> result = new ArrayList<>();
    int mandatory = prefixesAllowed ? durableCount : since.size();
    if (mandatory == 0) {
      addAll(result, states);
    }
    for (int i = 0; i < since.size(); i++) {
      Entry e = since.get(i);
      List<NavigableMap<byte[], byte[]>> next = new ArrayList<>();
      for (NavigableMap<byte[], byte[]> s : states) {
        if (e.kind == Kind.MAYBE) {
          addDistinct(next, s);
        }
        NavigableMap<byte[], byte[]> applied = copy(s);
        ModelStore.apply(applied, e.batch, mergeFunction);
        addDistinct(next, applied);
      }
      states = next;
      if (i + 1 >= mandatory) {
        addAll(result, states);
      }
    }
    return result;
  }

  /** The state with every acknowledged write applied and no maybe write (what reads must see). */
  public NavigableMap<byte[], byte[]> acknowledgedState() {
    NavigableMap<byte[], byte[]> s = copy(base);
    for (Entry e : since) {
      if (e.kind == Kind.ACKNOWLEDGED) {
        ModelStore.apply(s, e.batch, mergeFunction);
      }
    }
    return s;
  }

  private static void addAll(
      List<NavigableMap<byte[], byte[]>> into, List<NavigableMap<byte[], byte[]>> states) {
    for (NavigableMap<byte[], byte[]> s : states) {
      addDistinct(into, s);
    }
  }

  private static void addDistinct(
      List<NavigableMap<byte[], byte[]>> into, NavigableMap<byte[], byte[]> state) {
    for (NavigableMap<byte[], byte[]> s : into) {
      if (sameState(s, state)) {
        return;
      }
    }
    into.add(state);
  }

  private static NavigableMap<byte[], byte[]> copy(NavigableMap<byte[], byte[]> s) {
    NavigableMap<byte[], byte[]> c = ModelStore.newMap();
    c.putAll(s);
    return c;
  }

  /** Whether two states hold the same keys with the same values. */
  public static boolean sameState(Map<byte[], byte[]> a, Map<byte[], byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<Map.Entry<byte[], byte[]>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<byte[], byte[]>> ib = b.entrySet().iterator();
    while (ia.hasNext()) {
      Map.Entry<byte[], byte[]> x = ia.next();
      Map.Entry<byte[], byte[]> y = ib.next();
      if (!Arrays.equals(x.getKey(), y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A short description of how {@code actual} differs from {@code expected}: the first key whose
   * value differs, or that only one of them has.
   */
  public static String firstDifference(
      NavigableMap<byte[], byte[]> expected, NavigableMap<byte[], byte[]> actual) {
    NavigableMap<byte[], byte[]> union = ModelStore.newMap();
    union.putAll(expected);
    union.putAll(actual);
    for (byte[] k : union.keySet()) {
      byte[] e = expected.get(k);
      byte[] a = actual.get(k);
      if (!Arrays.equals(e, a)) {
        return "key "
            + ByteText.summarize(k)
            + ": expected "
            + ByteText.summarize(e)
            + ", found "
            + ByteText.summarize(a);
      }
    }
    return "no difference";
  }
}
