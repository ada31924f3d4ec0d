package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.version.FileMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The compactions a store is running, as a picker needs to see them to propose another one that
 * does not conflict: which files are taken (no file is ever the input of two jobs), and which key
 * ranges are being written at which level (two jobs writing overlapping ranges into one level would
 * produce overlapping files there). Immutable.
 */
public final class CompactionsInProgress {

  private static final CompactionsInProgress NONE = new CompactionsInProgress(List.of());

  private final List<CompactionJobSpec> jobs;
  private final Set<Long> busyFiles = new HashSet<>();

  private CompactionsInProgress(List<CompactionJobSpec> jobs) {
    this.jobs = List.copyOf(jobs);
    for (CompactionJobSpec job : this.jobs) {
      for (FileMetadata f : job.allInputs()) {
        busyFiles.add(f.fileNumber());
      }
    }
  }

  /** No compaction running. */
  public static CompactionsInProgress none() {
    return NONE;
  }

  /** The given running jobs. */
  public static CompactionsInProgress of(List<CompactionJobSpec> running) {
    return running.isEmpty() ? NONE : new CompactionsInProgress(running);
  }

  public boolean isEmpty() {
    return jobs.isEmpty();
  }

  public List<CompactionJobSpec> jobs() {
    return jobs;
  }

  /** Whether {@code f} is an input of a running job. */
  public boolean isBusy(FileMetadata f) {
    return busyFiles.contains(f.fileNumber());
  }

  /** Whether any of {@code files} is an input of a running job. */
  public boolean anyBusy(List<FileMetadata> files) {
    for (FileMetadata f : files) {
      if (isBusy(f)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a running job takes files from level 0 into a deeper level. */
  public boolean compactingLevel0Down() {
    for (CompactionJobSpec job : jobs) {
      if (job.inputLevel() == 0 && job.outputLevel() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether a running job takes any file of level 0. */
  public boolean compactingLevel0() {
    for (CompactionJobSpec job : jobs) {
      if (job.inputLevel() == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a running job writes into {@code level} within the user-key range {@code [begin, end]}
   * (both inclusive).
   */
  public boolean writesInto(int level, byte[] begin, byte[] end) {
    for (CompactionJobSpec job : jobs) {
      if (job.outputLevel() == level && job.overlapsOutputRange(begin, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a running job writes into a level below {@code level} within {@code [begin, end]}: its
   * outputs may then hide older data there, so a job over that range is not bottommost.
   */
  public boolean writesBelow(int level, byte[] begin, byte[] end) {
    for (CompactionJobSpec job : jobs) {
      if (job.outputLevel() > level && job.overlapsOutputRange(begin, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a running bottommost job writes {@code [begin, end]} into a level above {@code level}:
   * it counted on nothing of that range lying below it, so nothing may be written there meanwhile.
   */
  public boolean bottommostAbove(int level, byte[] begin, byte[] end) {
    for (CompactionJobSpec job : jobs) {
      if (job.bottommost() && job.outputLevel() < level && job.overlapsOutputRange(begin, end)) {
        return true;
      }
    }
    return false;
  }

  /** Whether user-key ranges {@code [aBegin, aEnd]} and {@code [bBegin, bEnd]} intersect. */
  static boolean rangesOverlap(byte[] aBegin, byte[] aEnd, byte[] bBegin, byte[] bEnd) {
    return InternalKey.compareUserKeys(aBegin, bEnd) <= 0
        && InternalKey.compareUserKeys(bBegin, aEnd) <= 0;
  }

  @Override
  public String toString() {
    return "CompactionsInProgress" + jobs;
  }
}
