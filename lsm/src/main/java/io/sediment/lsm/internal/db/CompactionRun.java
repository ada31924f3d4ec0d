package io.sediment.lsm.internal.db;

import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.compaction.CompactionIterator;
import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Runs one compaction in this process: merges the input files through the {@link
 * CompactionIterator} (which applies snapshots, tombstones, the merge function and the compaction
 * filter) into new files at the output level.
 *
 * <p>Outputs are cut once they reach the target size, but only between two user keys, so every
 * version of a key lands in one file. Range tombstones that survive are clipped to each output's
 * share of the key space ({@code [first key of this output, first key of the next)}), which keeps
 * the outputs disjoint: a clipped end is recorded as an exclusive bound that sorts before every
 * real entry of that key. A trivial move writes nothing. On failure, partial outputs are deleted.
 */
final class CompactionRun implements CompactionService.Task {

  private final CompactionJobSpec spec;
  private final CompactionJob job;
  private final TableCache tables;
  private final VersionSet versions;
  private final IntFunction<SstWriterOptions> writerOptions;
  private final long[] liveSnapshots;
  private final MergeFunction mergeFunction;
  private final CompactionFilter filter;

  CompactionRun(
      CompactionJobSpec spec,
      CompactionJob job,
      TableCache tables,
      VersionSet versions,
      IntFunction<SstWriterOptions> writerOptions,
      long[] liveSnapshots,
      MergeFunction mergeFunction,
      CompactionFilter filter) {
    this.spec = spec;
    this.job = job;
    this.tables = tables;
    this.versions = versions;
    this.writerOptions = writerOptions;
    this.liveSnapshots = liveSnapshots.clone();
    this.mergeFunction = mergeFunction;
    this.filter = filter;
  }

  /** The job as the picker proposed it, in the engine's terms. */
  CompactionJobSpec spec() {
    return spec;
  }

  @Override
  public CompactionJob job() {
    return job;
  }

  @Override
  public CompactionResult runLocally() throws IOException {
    List<FileMetadata> outputs = run();
    List<io.sediment.lsm.StoreFile> files = new ArrayList<>(outputs.size());
    for (FileMetadata f : outputs) {
      files.add(f.toStoreFile());
    }
    return new CompactionResult(files);
  }

  private List<FileMetadata> run() throws IOException {
    if (spec.trivialMove()) {
      List<FileMetadata> moved = new ArrayList<>();
      for (FileMetadata f : spec.inputs()) {
        moved.add(f.withLevel(spec.outputLevel()));
      }
      return moved;
    }
    List<InternalIterator> children = new ArrayList<>();
    List<RangeTombstone> tombstones = new ArrayList<>();
    List<FileMetadata> outputs = new ArrayList<>();
    SstOutput current = null;
    try {
      for (FileMetadata f : spec.allInputs()) {
        SstView reader = tables.reader(f); // a clipped input yields only what its clip keeps
        children.add(
            reader.newIterator(false)); // read once, then deleted: keep them out of the cache
        tombstones.addAll(reader.rangeTombstones());
      }
      MergingIterator merged = new MergingIterator(new ArrayList<>(children));
      children.clear(); // owned by the merged iterator now
      try (CompactionIterator it =
          new CompactionIterator(
              merged,
              TombstoneSet.of(tombstones),
              liveSnapshots,
              mergeFunction,
              filter,
              spec.outputLevel(),
              spec.bottommost())) {
        byte[] lowerBound = null; // share of the key space of the current output starts here
        byte[] lastUserKey = null;
        List<RangeTombstone> kept = null;
        for (it.seekToFirst(); it.isValid(); it.next()) {
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
              && current.writer().estimatedFileSize() >= spec.targetFileSize()) {
            byte[] cut = Arrays.copyOfRange(key, off, off + userLen);
            if (kept == null) {
              kept = it.tombstonesToKeep();
            }
            addClipped(current, kept, lowerBound, cut);
            outputs.add(current.finish(spec.outputLevel()));
            current = null;
            lowerBound = cut;
          }
          if (current == null) {
            current = SstOutput.create(tables, versions, writerOptions.apply(spec.outputLevel()));
          }
          current.writer().add(key, off, len, it.valueArray(), it.valueOffset(), it.valueLength());
          if (newUserKey) {
            lastUserKey = Arrays.copyOfRange(key, off, off + userLen);
          }
        }
        if (kept == null) {
          kept = it.tombstonesToKeep();
        }
        if (current == null && !kept.isEmpty()) {
          current = SstOutput.create(tables, versions, writerOptions.apply(spec.outputLevel()));
        }
        if (current != null) {
          addClipped(current, kept, lowerBound, null);
          outputs.add(current.finish(spec.outputLevel()));
          current = null;
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
        SstOutput.deleteUnpublished(tables, versions, f);
      }
      if (e instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw e;
    }
  }

  /** Adds the parts of {@code tombstones} inside {@code [lower, upper)} (null: unbounded). */
  private static void addClipped(
      SstOutput out, List<RangeTombstone> tombstones, byte[] lower, byte[] upper) {
    for (RangeTombstone t : tombstones) {
      byte[] begin =
          lower != null && InternalKey.compareUserKeys(t.begin(), lower) < 0 ? lower : t.begin();
      byte[] end =
          upper != null && InternalKey.compareUserKeys(t.end(), upper) > 0 ? upper : t.end();
      if (InternalKey.compareUserKeys(begin, end) < 0) {
        out.writer().addRangeTombstone(new RangeTombstone(begin, end, t.sequence()));
      }
    }
  }
}
