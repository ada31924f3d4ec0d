package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.FileReferences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a rescale restore writes into the new store's first manifest: the checkpoints' files clipped
 * to the target key groups and renumbered, checked against every rule of docs/rescale.md before
 * anything is written.
 *
 * <p>For each source handle {@code i} whose key groups intersect the target, its interval is {@code
 * I_i = [prefix(max(start_i, target.start)), prefix(min(end_i, target.end) + 1))}, open above when
 * that is the last key group. Each of its files is clipped to {@code I_i}, intersected with the
 * clip it already has ({@link FileReferences#clip}); a file left empty is not listed. References
 * are numbered 1..N source by source in ascending key-group order, each source's files in their own
 * number order (which keeps each source's level-0 order, ties included), all {@code NOT_OWNED}: the
 * checkpoints' storage owns them.
 *
 * @param references the new store's files, numbered 1..N
 * @param lastSequence the highest sequence number of any source: new writes are numbered above it
 * @param sources the sources that intersect the target, each with the physical paths the new store
 *     lists from it (possibly none)
 */
record RescalePlan(List<StoreFile> references, long lastSequence, List<Source> sources) {

  /**
   * One source checkpoint of a rescale.
   *
   * @param handle the checkpoint
   * @param paths physical paths of its files the new store lists, each once
   */
  record Source(CheckpointHandle handle, List<String> paths) {}

  /**
   * Plans the store for {@code target} out of {@code handles}.
   *
   * @throws IllegalArgumentException naming the handles (by checkpoint id and key groups) if an
   *     argument is null, the list is empty or holds null, the target is empty, a handle declares
   *     no key groups, handles disagree on maxParallelism, two handles' ranges overlap, the target
   *     reaches past the last key group, the options do not declare {@code keyGroups(target,
   *     maxParallelism)}, a handle that intersects the target was written with another merge
   *     function than the options', or the handles that intersect the target do not cover it
   */
  static RescalePlan of(List<CheckpointHandle> handles, KeyGroupRange target, DbOptions options) {
    if (handles == null || target == null || options == null) {
      throw new IllegalArgumentException("handles, target and options must not be null");
    }
    if (handles.isEmpty() || handles.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("need one or more handles, none null: " + handles);
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target key-group range must not be empty: " + target);
    }
    int maxParallelism = checkHandles(handles);
    if (target.end() >= maxParallelism) {
      throw new IllegalArgumentException(
          "target "
              + target
              + " reaches past the last key group of maxParallelism "
              + maxParallelism
              + " of "
              + describe(handles));
    }
    if (!target.equals(options.keyGroups()) || options.maxParallelism() != maxParallelism) {
      throw new IllegalArgumentException(
          "options for "
              + options.dirUri()
              + " must declare keyGroups("
              + target
              + ", "
              + maxParallelism
              + ") for a rescale of "
              + describe(handles)
              + "; they declare "
              + (options.keyGroups() == null
                  ? "none"
                  : options.keyGroups() + " of maxParallelism " + options.maxParallelism()));
    }
    List<CheckpointHandle> used = new ArrayList<>();
    for (CheckpointHandle h : handles) {
      if (h.keyGroupRange().overlaps(target)) {
        used.add(h);
      }
    }
    used.sort(Comparator.comparingInt(h -> h.keyGroupRange().start()));
    checkCovers(used, target, handles);
    String merge = options.mergeFunction() == null ? null : options.mergeFunction().name();
    for (CheckpointHandle h : used) {
      if (!Objects.equals(merge, h.mergeFunctionName())) {
        throw new IllegalArgumentException(
            "checkpoint "
                + h.id()
                + " was written with merge function "
                + describeMerge(h.mergeFunctionName())
                + " but is restored with "
                + describeMerge(merge));
      }
    }
    KeyGroupPrefix prefix = KeyGroupPrefix.forMaxParallelism(maxParallelism);
    List<StoreFile> references = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    long lastSequence = 0;
    for (CheckpointHandle h : used) {
      int from = Math.max(h.keyGroupRange().start(), target.start());
      int to = Math.min(h.keyGroupRange().end(), target.end());
      KeyGroupRange part = KeyGroupRange.of(from, to);
      byte[] lower = prefix.lowerBound(part);
      byte[] upper = to == maxParallelism - 1 ? null : prefix.upperBound(part);
      List<StoreFile> files = new ArrayList<>(h.files());
      files.sort(Comparator.comparingLong(StoreFile::fileNumber));
      Set<String> paths = new LinkedHashSet<>();
      for (StoreFile f : files) {
        Optional<StoreFile> clipped = FileReferences.clip(f, lower, upper);
        if (clipped.isPresent()) {
          references.add(
              FileReferences.relink(
                  clipped.get(), references.size() + 1, f.physicalPath(), FileOwnership.NOT_OWNED));
          paths.add(f.physicalPath());
        }
      }
      sources.add(new Source(h, List.copyOf(paths)));
      lastSequence = Math.max(lastSequence, h.sequence());
    }
    return new RescalePlan(List.copyOf(references), lastSequence, List.copyOf(sources));
  }

  /** Every physical path the new store lists, each once. */
  List<String> physicalPaths() {
    Set<String> all = new LinkedHashSet<>();
    for (Source s : sources) {
      all.addAll(s.paths());
    }
    return new ArrayList<>(all);
  }

  /** Checks the handles' declarations and returns their common maxParallelism. */
  private static int checkHandles(List<CheckpointHandle> handles) {
    int maxParallelism = 0;
    CheckpointHandle first = null;
    for (CheckpointHandle h : handles) {
      if (h.keyGroupRange() == null) {
        throw new IllegalArgumentException(
            "checkpoint "
                + h.id()
                + " declares no key groups: it cannot take part in a rescale of "
                + describe(handles));
      }
      if (first == null) {
        first = h;
        maxParallelism = h.maxParallelism();
      } else if (h.maxParallelism() != maxParallelism) {
        throw new IllegalArgumentException(
            "checkpoints "
                + first.id()
                + " and "
                + h.id()
                + " have different maxParallelism: "
                + maxParallelism
                + " and "
                + h.maxParallelism());
      }
    }
    for (int i = 0; i < handles.size(); i++) {
      for (int j = i + 1; j < handles.size(); j++) {
        CheckpointHandle a = handles.get(i);
        CheckpointHandle b = handles.get(j);
        if (a.keyGroupRange().overlaps(b.keyGroupRange())) {
          throw new IllegalArgumentException(
              "checkpoints "
                  + a.id()
                  + " "
                  + a.keyGroupRange()
                  + " and "
                  + b.id()
                  + " "
                  + b.keyGroupRange()
                  + " overlap: a key group must come from one checkpoint");
        }
      }
    }
    return maxParallelism;
  }

  /** Checks that {@code used} (sorted by start, disjoint) covers {@code target}. */
  private static void checkCovers(
      List<CheckpointHandle> used, KeyGroupRange target, List<CheckpointHandle> all) {
    int next = target.start();
    for (CheckpointHandle h : used) {
      if (h.keyGroupRange().start() > next) {
        break;
      }
      next = Math.max(next, h.keyGroupRange().end() + 1);
    }
    if (next <= target.end()) {
      throw new IllegalArgumentException(
          "checkpoints "
              + describe(all)
              + " do not cover target "
              + target
              + ": key group "
              + next
              + " is in none of them");
    }
  }

  /** {@code [7 KeyGroupRange[0, 4], 8 KeyGroupRange[5, 9]]}: ids with their key groups. */
  private static String describe(List<CheckpointHandle> handles) {
    StringBuilder out = new StringBuilder("[");
    for (CheckpointHandle h : handles) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(h.id())
          .append(' ')
          .append(h.keyGroupRange() == null ? "no key groups" : h.keyGroupRange().toString());
    }
    return out.append(']').toString();
  }

  private static String describeMerge(String name) {
    return name == null ? "<none>" : "'" + name + "'";
  }
}
