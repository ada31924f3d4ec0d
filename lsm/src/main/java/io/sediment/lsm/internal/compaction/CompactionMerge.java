package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionProgress;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.rangedel.CoveredFile;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.sst.SstWriter;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The merge every compaction runs, wherever it runs: the inputs (each read through its {@link
 * SstView}, so a clipped reference yields only what its clip keeps) go through the {@link
 * CompactionIterator} (snapshots, tombstones, merge function, compaction filter) into new files
 * that an {@link Outputs} creates: in the store's directory for a job run by the store, in a job's
 * output directory for one run by {@code CompactionJobs}. An input that newer range tombstones of
 * the other inputs cover wholly for every reader, or whose clip keeps nothing of it, is left out
 * unread ({@link #coveredByOthers}; counted in the {@link CompactionProgress}).
 *
 * <p>Outputs are cut once they reach the target size, but only between two user keys, so every
 * version of a key lands in one file. Range tombstones that survive are clipped to each output's
 * share of the key space ({@code [first key of this output, first key of the next)}), which keeps
 * the outputs disjoint: a clipped end is recorded as an exclusive bound that sorts before every
 * real entry of that key. Where the cuts fall depends only on the inputs and the parameters, never
 * on where the job runs. On failure (or cancellation through the {@link CompactionProgress}),
 * partial and finished outputs are deleted through {@link Outputs} before the error is thrown.
 */
public final class CompactionMerge {

  /** Entries between two looks at the cancellation flag. */
  private static final int CANCEL_CHECK_INTERVAL = 256;

  /** One output being written. */
  public interface Output {

    /** The writer of the file. */
    SstWriter writer();

    /** Finishes (footer, sync, close) and describes the file as a member of {@code level}. */
    FileMetadata finish(int level) throws IOException;

    /** Gives up on the unfinished file and deletes it; never throws. */
    void abandon();
  }

  /** Where outputs are created and how finished ones are given up. */
  public interface Outputs {

    /** Creates the next output. */
    Output create() throws IOException;

    /** Deletes a finished output that will not be installed; never throws. */
    void discard(FileMetadata finished);

    /**
     * Told that {@code finished} was cut before {@code nextKey}: the next output starts at that
     * user key, and nothing of a smaller key follows. The default does nothing; a job run by a
     * worker records it, so that a later attempt can take the output over.
     */
    default void cutAt(FileMetadata finished, byte[] nextKey) throws IOException {}
  }

  /** What to merge and how. */
  public record Params(
      long[] liveSnapshots,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      int outputLevel,
      boolean bottommost,
      long targetFileSize) {}

  private CompactionMerge() {}

  /**
   * Merges {@code inputs} into new files at {@code params.outputLevel()}. The views stay open (the
   * caller closes them); their iterators are closed here.
   *
   * @throws InterruptedIOException if {@code progress} was cancelled
   * @throws IOException naming the file on read or write failures
   */
  public static List<FileMetadata> run(
      List<SstView> inputs, Params params, Outputs factory, CompactionProgress progress)
      throws IOException {
    return run(inputs, params, factory, progress, null);
  }

  /**
   * As {@link #run(List, Params, Outputs, CompactionProgress)}, but only for user keys at or after
   * {@code startKey} (null: from the first): the outputs are then exactly those a full run writes
   * after its cut at {@code startKey}. Every version of a key is in one output, the iterators are
   * sought to the first version of {@code startKey}, and the range tombstones kept are clipped to
   * start there, as the full run clips them at that cut.
   */
  public static List<FileMetadata> run(
      List<SstView> inputs,
      Params params,
      Outputs factory,
      CompactionProgress progress,
      byte[] startKey)
      throws IOException {
    List<InternalIterator> children = new ArrayList<>();
    List<RangeTombstone> tombstones = new ArrayList<>();
    List<FileMetadata> outputs = new ArrayList<>();
    Output current = null;
    int level = params.outputLevel();
    try {
      List<SstView> read = new ArrayList<>(inputs.size());
      for (SstView view : inputs) {
        if (coveredByOthers(view, inputs, params.liveSnapshots())) {
          progress.addSkipped(view.reader().properties().fileSize());
        } else {
          read.add(view);
        }
      }
      for (SstView reader : read) {
        children.add(reader.newIterator(false)); // read once: keep them out of the block cache
        tombstones.addAll(reader.rangeTombstones());
      }
      MergingIterator merged = new MergingIterator(new ArrayList<>(children));
      children.clear(); // owned by the merged iterator now
      try (CompactionIterator it =
          new CompactionIterator(
              merged,
              TombstoneSet.of(tombstones),
              params.liveSnapshots(),
              params.mergeFunction(),
              params.filter(),
              level,
              params.bottommost())) {
        byte[] lowerBound = startKey; // share of the key space of the current output starts here
        byte[] lastUserKey = null;
        List<RangeTombstone> kept = null;
        long sinceCheck = 0;
        if (startKey == null) {
          it.seekToFirst();
        } else {
          it.seek(startKey);
        }
        for (; it.isValid(); it.next()) {
          if (++sinceCheck == CANCEL_CHECK_INTERVAL) {
            progress.addEntries(sinceCheck);
            sinceCheck = 0;
            if (progress.cancelled()) {
              throw new InterruptedIOException("compaction cancelled");
            }
          }
          byte[] key = it.keyArray();
          int off = it.keyOffset();
          int len = it.keyLength();
          int userLen = len - InternalKey.TRAILER_BYTES;
          boolean newUserKey =
              lastUserKey == null
                  || InternalKey.compareUserKeys(
                          key, off, userLen, lastUserKey, 0, lastUserKey.length)
                      != 0;
          if (current != null
              && newUserKey
              && current.writer().estimatedFileSize() >= params.targetFileSize()) {
            byte[] cut = Arrays.copyOfRange(key, off, off + userLen);
            if (kept == null) {
              kept = it.tombstonesToKeep();
            }
            addClipped(current.writer(), kept, lowerBound, cut);
            Output done = current;
            current = null;
            FileMetadata f = done.finish(level);
            outputs.add(f);
            progress.addOutput(f.fileSize());
            factory.cutAt(f, cut);
            lowerBound = cut;
          }
          if (current == null) {
            current = factory.create();
          }
          current.writer().add(key, off, len, it.valueArray(), it.valueOffset(), it.valueLength());
          if (newUserKey) {
            lastUserKey = Arrays.copyOfRange(key, off, off + userLen);
          }
        }
        progress.addEntries(sinceCheck);
        if (kept == null) {
          kept = it.tombstonesToKeep();
        }
        if (current == null && !kept.isEmpty()) {
          current = factory.create();
        }
        if (current != null) {
          addClipped(current.writer(), kept, lowerBound, null);
          Output done = current;
          current = null;
          FileMetadata f = done.finish(level);
          outputs.add(f);
          progress.addOutput(f.fileSize());
        }
      }
      return outputs;
    } catch (IOException | RuntimeException e) {
      for (InternalIterator child : children) {
        child.close();
      }
      if (current != null) {
        current.abandon();
      }
      for (FileMetadata f : outputs) {
        factory.discard(f);
      }
      if (e instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw e;
    }
  }

  /**
   * Whether {@code view} can be dropped unread: the range tombstones of the job's inputs that are
   * newer than all of it cover its whole span for every reader ({@link CoveredFile}), or its clip
   * keeps nothing of it. The compaction iterator would drop each of its entries, and its own
   * tombstones hide nothing those newer ones do not; so leaving it out changes no output a reader
   * can tell apart. A tombstone used here may come from an input dropped too: that input's newer
   * covering tombstones then cover this view as well (sequence numbers only grow along such a
   * chain), and the chain ends at an input that is read.
   */
  static boolean coveredByOthers(SstView view, List<SstView> inputs, long[] liveSnapshots) {
    byte[][] span = view.span();
    if (span == null) {
      return true;
    }
    SstProperties p = view.reader().properties();
    List<RangeTombstone> newer = new ArrayList<>();
    for (SstView other : inputs) {
      if (other != view && other.reader().properties().largestSequence() > p.largestSequence()) {
        for (RangeTombstone t : other.rangeTombstones()) {
          if (t.sequence() > p.largestSequence()) {
            newer.add(t);
          }
        }
      }
    }
    return !newer.isEmpty()
        && CoveredFile.covered(
            span, p.smallestSequence(), p.largestSequence(), newer, liveSnapshots);
  }

  /** Adds the parts of {@code tombstones} inside {@code [lower, upper)} (null: unbounded). */
  private static void addClipped(
      SstWriter out, List<RangeTombstone> tombstones, byte[] lower, byte[] upper) {
    for (RangeTombstone t : tombstones) {
      byte[] begin =
          lower != null && InternalKey.compareUserKeys(t.begin(), lower) < 0 ? lower : t.begin();
      byte[] end =
          upper != null && InternalKey.compareUserKeys(t.end(), upper) > 0 ? upper : t.end();
      if (InternalKey.compareUserKeys(begin, end) < 0) {
        out.addRangeTombstone(new RangeTombstone(begin, end, t.sequence()));
      }
    }
  }
}
