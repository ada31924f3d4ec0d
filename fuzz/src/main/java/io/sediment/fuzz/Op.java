package io.sediment.fuzz;

import static io.sediment.fuzz.ByteText.format;
import static io.sediment.fuzz.ByteText.summarize;
import static io.sediment.fuzz.Execution.LATEST;
import static io.sediment.fuzz.Execution.NO_SNAPSHOT;
import static io.sediment.fuzz.Execution.OK;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * One operation of a log. Each op knows its text form ({@link #text()}, one line, parsed back by
 * {@link OpParser}) and how to run itself against a store ({@link #execute}), returning its
 * observation: what a caller of the store could see (a value, an iteration sequence, {@code ok}).
 * Two stores agree on an op when their observations are equal strings; exceptions are observed by
 * the runner as {@code error <ExceptionType>}.
 *
 * <p>To add an operation: add a record here implementing these two methods (plus a case in {@link
 * OpParser} and, to generate it, an {@link OpKind}). Ops are immutable; byte arrays inside them are
 * never modified.
 */
public sealed interface Op {

  /** The op's line in the log format. */
  String text();

  /**
   * Runs the op against {@code x.store()} and returns its observation.
   *
   * @throws Exception whatever the store throws; the runner records its type
   */
  String execute(Execution x) throws Exception;

  /** Ops that change data; the members of a {@link Batch}. */
  sealed interface WriteOp extends Op {
    /** Adds this op to {@code batch}. */
    void addTo(WriteBatch batch);
  }

  /** {@code put 'k' 'v'} */
  record Put(byte[] key, byte[] value) implements WriteOp {
    @Override
    public String text() {
      return "put " + format(key) + " " + format(value);
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().put(key, value);
      return OK;
    }

    @Override
    public void addTo(WriteBatch batch) {
      batch.put(key, value);
    }
  }

  /** {@code delete 'k'} */
  record Delete(byte[] key) implements WriteOp {
    @Override
    public String text() {
      return "delete " + format(key);
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().delete(key);
      return OK;
    }

    @Override
    public void addTo(WriteBatch batch) {
      batch.delete(key);
    }
  }

  /** {@code delete-range 'begin' 'end'}: removes [begin, end). */
  record DeleteRange(byte[] begin, byte[] end) implements WriteOp {
    @Override
    public String text() {
      return "delete-range " + format(begin) + " " + format(end);
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().deleteRange(begin, end);
      return OK;
    }

    @Override
    public void addTo(WriteBatch batch) {
      batch.deleteRange(begin, end);
    }
  }

  /** {@code merge 'k' 'operand'} */
  record Merge(byte[] key, byte[] operand) implements WriteOp {
    @Override
    public String text() {
      return "merge " + format(key) + " " + format(operand);
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().merge(key, operand);
      return OK;
    }

    @Override
    public void addTo(WriteBatch batch) {
      batch.merge(key, operand);
    }
  }

  /** {@code batch put 'a' '1' ; delete 'b'}: the write ops applied atomically. */
  record Batch(List<WriteOp> ops) implements Op {
    public Batch {
      ops = List.copyOf(ops);
    }

    @Override
    public String text() {
      StringJoiner j = new StringJoiner(" ; ", "batch ", "");
      j.setEmptyValue("batch");
      ops.forEach(o -> j.add(o.text()));
      return j.toString();
    }

    @Override
    public String execute(Execution x) throws Exception {
      WriteBatch b = new WriteBatch();
      ops.forEach(o -> o.addTo(b));
      x.store().write(b);
      return OK;
    }
  }

  /** {@code get 'k'} or {@code get 'k' @3} (at snapshot 3). */
  record Get(byte[] key, int snapshot) implements Op {
    @Override
    public String text() {
      return "get " + format(key) + at(snapshot);
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.hasSnapshot(snapshot)) {
        return NO_SNAPSHOT;
      }
      return summarize(x.store().get(x.readOptions(snapshot, null, null), key));
    }
  }

  /** {@code multi-get 'a' 'b' ...}: values of the latest state in one consistent view. */
  record MultiGet(List<byte[]> keys) implements Op {
    public MultiGet {
      keys = List.copyOf(keys);
    }

    @Override
    public String text() {
      StringBuilder sb = new StringBuilder("multi-get");
      keys.forEach(k -> sb.append(' ').append(format(k)));
      return sb.toString();
    }

    @Override
    public String execute(Execution x) throws Exception {
      List<byte[]> values = x.store().multiGet(keys);
      StringJoiner j = new StringJoiner(", ", "[", "]");
      values.forEach(v -> j.add(summarize(v)));
      return j.toString();
    }
  }

  /** {@code get-async 'k'}: the latest value through the asynchronous read path. */
  record GetAsync(byte[] key) implements Op {
    /** A guard against a lost completion hanging the run; never reached by a working store. */
    private static final long TIMEOUT_SECONDS = 120;

    @Override
    public String text() {
      return "get-async " + format(key);
    }

    @Override
    public String execute(Execution x) throws Exception {
      return summarize(x.store().getAsync(key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
  }

  /**
   * {@code scan fwd|rev [lo='a'] [hi='b'] [@3] [limit=N]}: iterates from the first (fwd) or last
   * (rev) key within [lo, hi) at the snapshot, at most {@code limit} keys (0: all).
   */
  record Scan(boolean reverse, byte[] lower, byte[] upper, int snapshot, int limit) implements Op {
    @Override
    public String text() {
      return "scan "
          + (reverse ? "rev" : "fwd")
          + bounds(lower, upper)
          + at(snapshot)
          + (limit > 0 ? " limit=" + limit : "");
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.hasSnapshot(snapshot)) {
        return NO_SNAPSHOT;
      }
      ReadOptions o = x.readOptions(snapshot, lower, upper);
      StringJoiner j = new StringJoiner(" ", "[", "]");
      try (DbIterator it = x.store().newIterator(o)) {
        int n = 0;
        for (seekToStart(reverse, it); it.isValid() && (limit == 0 || n < limit); n++) {
          j.add(Execution.position(it));
          if (reverse) {
            it.prev();
          } else {
            it.next();
          }
        }
      }
      return j.toString();
    }

    private static void seekToStart(boolean reverse, DbIterator it) {
      if (reverse) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
    }
  }

  /**
   * {@code seek ge|le 'target' [lo='a'] [hi='b'] [@3] [moves=npn]}: {@code seek} (ge) or {@code
   * seekForPrev} (le) to the target, then each move ({@code n} next, {@code p} prev) while the
   * iterator is valid. Observes every position.
   */
  record Seek(
      boolean forPrev, byte[] target, byte[] lower, byte[] upper, int snapshot, String moves)
      implements Op {
    public Seek {
      Objects.requireNonNull(target, "target");
      if (!moves.chars().allMatch(c -> c == 'n' || c == 'p')) {
        throw new IllegalArgumentException("moves must be made of 'n' and 'p': " + moves);
      }
    }

    @Override
    public String text() {
      return "seek "
          + (forPrev ? "le " : "ge ")
          + format(target)
          + bounds(lower, upper)
          + at(snapshot)
          + (moves.isEmpty() ? "" : " moves=" + moves);
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.hasSnapshot(snapshot)) {
        return NO_SNAPSHOT;
      }
      List<String> seen = new ArrayList<>();
      try (DbIterator it = x.store().newIterator(x.readOptions(snapshot, lower, upper))) {
        if (forPrev) {
          it.seekForPrev(target);
        } else {
          it.seek(target);
        }
        seen.add(Execution.position(it));
        for (int i = 0; i < moves.length() && it.isValid(); i++) {
          if (moves.charAt(i) == 'n') {
            it.next();
          } else {
            it.prev();
          }
          seen.add(Execution.position(it));
        }
      }
      return String.join(" > ", seen);
    }
  }

  /** {@code snapshot 3}: pins the current state as snapshot number 3. */
  record TakeSnapshot(int id) implements Op {
    @Override
    public String text() {
      return "snapshot " + id;
    }

    @Override
    public String execute(Execution x) {
      x.putSnapshot(id, x.store().snapshot());
      return OK;
    }
  }

  /** {@code release 3}: releases snapshot 3 (later reads through it must fail). */
  record ReleaseSnapshot(int id) implements Op {
    @Override
    public String text() {
      return "release " + id;
    }

    @Override
    public String execute(Execution x) {
      if (!x.hasSnapshot(id)) {
        return NO_SNAPSHOT;
      }
      x.snapshot(id).close();
      return OK;
    }
  }

  /** {@code flush} */
  record Flush() implements Op {
    @Override
    public String text() {
      return "flush";
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().flush();
      return OK;
    }
  }

  /** {@code compact [lo='a'] [hi='b']}: compacts [lo, hi], unbounded where absent. */
  record CompactRange(byte[] begin, byte[] end) implements Op {
    @Override
    public String text() {
      return "compact" + bounds(begin, end);
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().compactRange(begin, end);
      return OK;
    }
  }

  /** {@code reopen}: clean close and open; snapshots are forgotten. */
  record Reopen() implements Op {
    @Override
    public String text() {
      return "reopen";
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.forgetSnapshots();
      x.store().reopen();
      return OK;
    }
  }

  /** {@code crash}: the process dies and the store is opened again; see {@link KvStore#crash}. */
  record Crash() implements Op {
    @Override
    public String text() {
      return "crash";
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.forgetSnapshots();
      x.store().crash();
      return OK;
    }
  }

  /**
   * {@code checkpoint 3}: takes checkpoint 3 of the current state; a later {@code restore 3} goes
   * back to exactly this state.
   */
  record Checkpoint(long id) implements Op {
    @Override
    public String text() {
      return "checkpoint " + id;
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().checkpoint(id);
      x.checkpointTaken(id);
      return OK;
    }
  }

  /** {@code discard 3}: stops retaining checkpoint 3. */
  record Discard(long id) implements Op {
    @Override
    public String text() {
      return "discard " + id;
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.isRetained(id)) {
        return Execution.NO_CHECKPOINT;
      }
      x.store().discardCheckpoint(id);
      x.checkpointDiscarded(id);
      return OK;
    }
  }

  /** {@code collect}: the checkpoint storage collects its garbage; no visible effect. */
  record Collect() implements Op {
    @Override
    public String text() {
      return "collect";
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.store().collectGarbage();
      return OK;
    }
  }

  /**
   * {@code offline-discard 3}: closes the store, discards checkpoint 3 and collects garbage while
   * it is closed, then reopens it from its directory; snapshots are forgotten. See {@link
   * KvStore#discardWhileClosed}.
   */
  record OfflineDiscard(long id) implements Op {
    @Override
    public String text() {
      return "offline-discard " + id;
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.isRetained(id)) {
        return Execution.NO_CHECKPOINT;
      }
      x.forgetSnapshots();
      x.store().discardWhileClosed(id);
      x.checkpointDiscarded(id);
      return OK;
    }
  }

  /**
   * {@code restore 3 no-claim|claim}: abandons the current store and continues on a new one opened
   * from checkpoint 3; see {@link KvStore#restore}. Snapshots are forgotten.
   */
  record Restore(long id, boolean claim) implements Op {
    @Override
    public String text() {
      return "restore " + id + (claim ? " claim" : " no-claim");
    }

    @Override
    public String execute(Execution x) throws Exception {
      if (!x.isRetained(id)) {
        return Execution.NO_CHECKPOINT;
      }
      if (!x.isRestorable(id)) {
        return Execution.CLAIMED;
      }
      x.forgetSnapshots();
      x.store().restore(id, claim);
      if (claim) {
        x.claimed();
      }
      return OK;
    }
  }

  /**
   * {@code key-groups 128}: the store is emptied and declares every key group of maxParallelism
   * 128; see {@link KvStore#declareKeyGroups}. Snapshots are forgotten. The first op of a keyed
   * log.
   */
  record DeclareKeyGroups(int maxParallelism) implements Op {
    @Override
    public String text() {
      return "key-groups " + maxParallelism;
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.forgetSnapshots();
      x.store().declareKeyGroups(maxParallelism);
      return OK;
    }
  }

  /**
   * {@code rescale 7 split 3 keep 1}: checkpoint 7, split into 3 stores and go on with part 1;
   * observes the digest of every other part. See {@link KvStore#rescaleSplit}. Snapshots are
   * forgotten.
   */
  record RescaleSplit(long id, int parts, int keep) implements Op {
    @Override
    public String text() {
      return "rescale " + id + " split " + parts + " keep " + keep;
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.forgetSnapshots();
      String observed = x.store().rescaleSplit(id, parts, keep);
      x.checkpointTaken(id);
      return observed;
    }
  }

  /**
   * {@code rescale 7 merge}: checkpoint 7 and go on with a store merged from it and the parked
   * neighbour. See {@link KvStore#rescaleMerge}. Snapshots are forgotten.
   */
  record RescaleMerge(long id) implements Op {
    @Override
    public String text() {
      return "rescale " + id + " merge";
    }

    @Override
    public String execute(Execution x) throws Exception {
      x.forgetSnapshots();
      String observed = x.store().rescaleMerge(id);
      if (!observed.equals(Execution.NO_NEIGHBOUR)) {
        x.checkpointTaken(id);
      }
      return observed;
    }
  }

  private static String at(int snapshot) {
    return snapshot == LATEST ? "" : " @" + snapshot;
  }

  private static String bounds(byte[] lower, byte[] upper) {
    return (lower == null ? "" : " lo=" + format(lower))
        + (upper == null ? "" : " hi=" + format(upper));
  }
}
