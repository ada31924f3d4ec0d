package io.sediment.lsm.internal.db;

import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.Sizes;
import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO line for each installed compaction: levels, input and output files and bytes, time and
 * throughput. Logged under {@link CompactionScheduler}'s name, which decides when jobs run.
 */
final class CompactionLog {

  private static final Logger LOG = LoggerFactory.getLogger(CompactionScheduler.class);

  private CompactionLog() {}

  /** Logs {@code spec}, installed with {@code outputs} after {@code nanos} of work. */
  static void installed(String store, CompactionJobSpec spec, List<StoreFile> outputs, long nanos) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    int inputFiles = spec.allInputs().size();
    if (spec.trivialMove()) {
      LOG.info(
          "compaction in {}: moved {} file(s), {}, from L{} to L{} without rewriting them",
          store,
          inputFiles,
          Sizes.bytes(spec.inputBytes()),
          spec.inputLevel(),
          spec.outputLevel());
      return;
    }
    long written = 0;
    for (StoreFile f : outputs) {
      written += f.sizeBytes();
    }
    long read = spec.inputBytes();
    LOG.info(
        "compaction in {}: L{} -> L{}, {} file(s) of {} -> {} file(s) of {}, {} ms, {} read, {}"
            + " written",
        store,
        spec.inputLevel(),
        spec.outputLevel(),
        inputFiles,
        Sizes.bytes(read),
        outputs.size(),
        Sizes.bytes(written),
        nanos / 1_000_000,
        Sizes.mbPerSecond(read, nanos),
        Sizes.mbPerSecond(written, nanos));
  }

  /** Logs files removed by a manifest edit alone, wholly covered by newer range deletions. */
  static void droppedCovered(String store, List<CompactionJobSpec> claims, long bytes) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder files = new StringBuilder();
    for (CompactionJobSpec c : claims) {
      files.append(files.isEmpty() ? "" : ", ").append(c.inputs().size()).append(" at L");
      files.append(c.inputLevel());
    }
    LOG.info(
        "range deletes in {} cover {} file(s) wholly ({}): removed without reading them, {}",
        store,
        claims.stream().mapToInt(c -> c.inputs().size()).sum(),
        files,
        Sizes.bytes(bytes));
  }
}
