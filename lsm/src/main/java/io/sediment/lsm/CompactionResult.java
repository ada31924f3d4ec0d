package io.sediment.lsm;

import java.util.List;

/**
 * What a {@link CompactionJob} produced: its output files, all at the job's output level, each
 * complete and synced, with its properties (key range, counts, sequence range). The store installs
 * them in place of the job's inputs in one manifest edit; it checks their level then.
 *
 * <p>An immutable value.
 *
 * @param outputs the new files; empty when every input entry was dropped
 */
public record CompactionResult(List<StoreFile> outputs) {

  /**
   * @throws IllegalArgumentException if outputs is null
   */
  public CompactionResult {
    if (outputs == null) {
      throw new IllegalArgumentException("outputs must not be null");
    }
    outputs = List.copyOf(outputs);
  }
}
