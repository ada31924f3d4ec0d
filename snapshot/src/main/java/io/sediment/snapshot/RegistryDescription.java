package io.sediment.snapshot;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One version of a checkpoint root's shared-file registry ({@code registry-<version>}), for
 * inspection: which checkpoints are retained, which are held (discarded, but kept with their files
 * while a restored store has a lease on them), how many retained or held checkpoints reference each
 * file, and which files wait for deletion. Obtained from {@link CheckpointInspector#registry()},
 * which decodes with the same code as {@link CheckpointStorage}.
 *
 * <p>An immutable value, equal by content.
 *
 * @param version the registry version; 0 when the root has no complete registry (nothing was ever
 *     retained), and then every collection is empty
 * @param formatVersion the content's format version ({@code docs/format/checkpoint.md}); 0 with
 *     version 0
 * @param retained retained checkpoint ids, ascending
 * @param held held checkpoint ids, ascending; none of them is also retained
 * @param referenceCounts per referenced file (physical path), the number of retained or held
 *     checkpoints listing it (at least 1), sorted by path
 * @param pending files no retained or held checkpoint references that were not deleted yet (an open
 *     store still held them, or a deletion failed), sorted; the next discard or {@link
 *     CheckpointStorage#collectGarbage()} deletes them
 * @param stores directories of the stores checkpointed into the root whose newest manifests a
 *     deletion consults (format version 3; empty before), sorted
 */
public record RegistryDescription(
    long version,
    int formatVersion,
    SortedSet<Long> retained,
    SortedSet<Long> held,
    SortedMap<String, Integer> referenceCounts,
    SortedSet<String> pending,
    SortedSet<String> stores) {

  /**
   * @throws IllegalArgumentException if a collection is null or holds null, or a number is negative
   */
  public RegistryDescription {
    if (retained == null
        || held == null
        || referenceCounts == null
        || pending == null
        || stores == null) {
      throw new IllegalArgumentException("collections must not be null");
    }
    if (version < 0 || formatVersion < 0) {
      throw new IllegalArgumentException(
          "version and format version must not be negative: " + version + ", " + formatVersion);
    }
    try {
      retained = Collections.unmodifiableSortedSet(new TreeSet<>(retained));
      held = Collections.unmodifiableSortedSet(new TreeSet<>(held));
      referenceCounts = Collections.unmodifiableSortedMap(new TreeMap<>(referenceCounts));
      pending = Collections.unmodifiableSortedSet(new TreeSet<>(pending));
      stores = Collections.unmodifiableSortedSet(new TreeSet<>(stores));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("collections must not hold null", e);
    }
    if (referenceCounts.containsValue(null)) {
      throw new IllegalArgumentException("reference counts must not be null");
    }
  }

  /** The registry of a root that never published one: version 0, nothing retained. */
  static final RegistryDescription NONE =
      new RegistryDescription(
          0,
          0,
          new TreeSet<>(),
          new TreeSet<>(),
          new TreeMap<>(),
          new TreeSet<>(),
          new TreeSet<>());

  /** The description of registry {@code r}, published as {@code version}. */
  static RegistryDescription of(long version, int formatVersion, SharedFileRegistry r) {
    return new RegistryDescription(
        version,
        formatVersion,
        r.retained(),
        r.held(),
        r.referenceCounts(),
        r.pending(),
        r.stores());
  }

  /** Retained or held checkpoints referencing {@code physicalPath}; 0 if none. */
  public int referenceCount(String physicalPath) {
    return referenceCounts.getOrDefault(physicalPath, 0);
  }
}
