package io.sediment.tool;

import io.sediment.lsm.Compression;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.InternalKeys;
import io.sediment.snapshot.CheckpointDescription;
import io.sediment.snapshot.CheckpointFile;
import io.sediment.snapshot.CheckpointInspector;
import io.sediment.snapshot.RegistryDescription;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code sediment checkpoint-info [--id N] [--files] <root | metadata file>}: what a checkpoint
 * root holds, or everything one checkpoint's metadata records. Read-only: nothing is created,
 * published or deleted, so it is safe on a root a live checkpoint storage is using.
 *
 * <p>A root prints its registry (version, retained checkpoints, reference counts, pending files),
 * orphan metadata, and one line per retained checkpoint. One checkpoint ({@code --id N}, or a
 * metadata file, which is also the form {@code CheckpointHandle.toBytes()} takes) prints its
 * sequence number, merge function, compression per level, and each file's level, size, counts,
 * sequence and key range, location, and how many retained checkpoints reference it.
 */
final class CheckpointInfoCommand implements Command {

  @Override
  public String name() {
    return "checkpoint-info";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  checkpoint-info [--files] <root>",
        "  checkpoint-info --id N <root>",
        "  checkpoint-info <metadata file>",
        "      print a checkpoint root: its registry (retained checkpoints, how many of them",
        "      reference each file, files pending deletion), orphan metadata, and per checkpoint",
        "      its id, sequence number, files, bytes and files shared with other checkpoints;",
        "      --files lists every referenced file with its reference count. With --id N, or",
        "      given one checkpoint's metadata (chk-<id>, or bytes saved from",
        "      CheckpointHandle.toBytes()), print that checkpoint: sequence number, merge",
        "      function, compression, key groups, and each file's level, size, entries, sequence",
        "      and key range, clip, location and reference count. Paths are local paths or",
        "      file-system URIs.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of("id"), Set.of("files"));
    a.expectPositional(name(), 1, "one checkpoint root or metadata file");
    boolean oneCheckpoint = a.option("id") != null;
    long id = a.longOption("id", 0, 0, Long.MAX_VALUE);
    if (oneCheckpoint && a.flag("files")) {
      throw new UsageException("--files is for a whole root; --id already prints every file");
    }
    URI uri = Arguments.toUri(a.positional().get(0));
    try (ExistingPath target = ExistingPath.open(uri, a.conf())) {
      if (target.isDirectory()) {
        try (CheckpointRoot root = CheckpointRoot.open(target, a.conf())) {
          RegistryDescription registry = root.registry();
          if (oneCheckpoint) {
            printCheckpoint(out, root.load(id, registry), registry);
            return Main.OK;
          }
          return printRoot(out, err, root, registry, a.flag("files"));
        }
      }
      if (oneCheckpoint) {
        throw new UsageException(
            "--id picks a checkpoint of a root directory, but "
                + target.uri
                + " is a file (a metadata file is printed without --id)");
      }
      CheckpointDescription m =
          CheckpointInspector.describe(target.parent.readAll(target.path), target.uri.toString());
      printCheckpoint(out, m, CheckpointRoot.registryIfRoot(target.parentUri(), a.conf()));
      return Main.OK;
    }
  }

  /**
   * Prints one checkpoint.
   *
   * @param registry the registry of the root the metadata is in; null when it is in none
   */
  private static void printCheckpoint(
      PrintStream out, CheckpointDescription m, RegistryDescription registry) {
    out.println("checkpoint " + m.id());
    out.printf(
        "  metadata           %s (%d bytes, format version %d)%n",
        m.source(), m.encodedBytes(), m.formatVersion());
    String status;
    if (registry == null) {
      status = "not in a checkpoint root: reference counts unknown";
    } else if (registry.retained().contains(m.id())) {
      status = "retained (registry version " + registry.version() + ")";
    } else {
      status = "NOT retained: orphan metadata, which collectGarbage() deletes";
    }
    out.println("  status             " + status);
    out.println("  sequence number    " + m.sequence());
    out.println(
        "  merge function     " + (m.mergeFunctionName() == null ? "none" : m.mergeFunctionName()));
    out.println("  compression        " + compression(m));
    out.println(
        "  key groups         "
            + (m.keyGroupRange() == null
                ? "none declared"
                : "["
                    + m.keyGroupRange().start()
                    + ", "
                    + m.keyGroupRange().end()
                    + "] of maxParallelism "
                    + m.maxParallelism()));
    int shared = 0;
    for (CheckpointFile f : m.files()) {
      shared += registry != null && registry.referenceCount(f.physicalPath()) > 1 ? 1 : 0;
    }
    out.printf(
        "  files              %d, %s (%d bytes)%s%n",
        m.files().size(),
        Units.bytes(m.stateSizeBytes()),
        m.stateSizeBytes(),
        registry == null
            ? ""
            : "; "
                + shared
                + " shared with other retained checkpoints, "
                + (m.files().size() - shared)
                + " in this one only");
    out.println(
        "  ownership          shared: only the checkpoint storage deletes these files, each once");
    out.println("                     no retained checkpoint lists it and no open store holds it");
    for (int level = 0; level < StoreFile.NUM_LEVELS; level++) {
      List<CheckpointFile> files = m.filesAtLevel(level);
      long bytes = 0;
      for (CheckpointFile f : files) {
        bytes += f.sizeBytes();
      }
      if (files.isEmpty()) {
        continue;
      }
      out.printf("level %d: %d files, %s%n", level, files.size(), Units.bytes(bytes));
      for (CheckpointFile f : files) {
        byte[] smallest = f.smallestInternalKey();
        byte[] largest = f.largestInternalKey();
        out.printf(
            "  %s  %d bytes, %d entries (%d deletions, %d range deletions), seq %d..%d%n",
            f.logicalName(),
            f.sizeBytes(),
            f.entryCount(),
            f.deletionCount(),
            f.rangeDeletionCount(),
            f.smallestSequence(),
            f.largestSequence());
        out.printf(
            "      keys    [%s .. %s]%n",
            InternalKeys.toDisplay(smallest), InternalKeys.toDisplay(largest));
        if (f.clipped()) {
          out.printf(
              "      clip    [%s, %s): only this part of the file is read%n",
              f.clipLower() == null ? "-inf" : InternalKeys.display(f.clipLower()),
              f.clipUpper() == null ? "+inf" : InternalKeys.display(f.clipUpper()));
        }
        out.println("      at      " + f.physicalPath());
        if (registry != null) {
          out.println("      refs    " + references(registry, f.physicalPath()));
        }
      }
    }
  }

  private static String references(RegistryDescription registry, String path) {
    int n = registry.referenceCount(path);
    if (n == 0) {
      return registry.pending().contains(path)
          ? "0: pending deletion"
          : "0: the registry does not count this file";
    }
    return n == 1 ? "1 retained checkpoint" : n + " retained checkpoints (shared)";
  }

  private static String compression(CheckpointDescription m) {
    List<String> names = new ArrayList<>();
    for (int level = 0; level < m.compressionCodes().size(); level++) {
      names.add(
          m.compression(level)
              .map(Compression::toString)
              .orElse("unknown code " + m.compressionCodes().get(level)));
    }
    if (names.stream().distinct().count() == 1) {
      return names.get(0) + " on every level";
    }
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < names.size(); level++) {
      sb.append(level == 0 ? "" : ", ").append('L').append(level).append(' ');
      sb.append(names.get(level));
    }
    return sb.toString();
  }

  private static int printRoot(
      PrintStream out,
      PrintStream err,
      CheckpointRoot root,
      RegistryDescription registry,
      boolean listFiles) {
    Map<Long, CheckpointDescription> loaded = new TreeMap<>();
    Map<Long, String> failures = new TreeMap<>();
    for (long id : registry.retained()) {
      try {
        loaded.put(id, root.load(id, registry));
      } catch (IOException | IllegalArgumentException e) {
        failures.put(id, e.getMessage());
      }
    }
    Map<String, Long> sizes = new HashMap<>();
    Map<String, TreeSet<Long>> owners = new TreeMap<>();
    for (CheckpointDescription m : loaded.values()) {
      for (CheckpointFile f : m.files()) {
        sizes.put(f.physicalPath(), f.sizeBytes());
        owners.computeIfAbsent(f.physicalPath(), p -> new TreeSet<>()).add(m.id());
      }
    }

    out.println("checkpoint root " + root.uri());
    List<Long> versions = root.registryVersions();
    String registryLine;
    if (versions.isEmpty()) {
      registryLine = "none (no checkpoint was ever retained)";
    } else if (registry.version() == 0) {
      registryLine = "no complete version among the " + versions.size() + " listed";
    } else {
      registryLine =
          root.registryName(registry.version())
              + " (the newest complete of "
              + versions.size()
              + " listed)";
    }
    out.println("  registry           " + registryLine);
    out.println(
        "  retained           "
            + registry.retained().size()
            + (registry.retained().size() == 1 ? " checkpoint" : " checkpoints"));
    long referencedBytes =
        registry.referenceCounts().keySet().stream()
            .mapToLong(p -> sizes.getOrDefault(p, 0L))
            .sum();
    out.printf(
        "  referenced files   %d, %s%s%n",
        registry.referenceCounts().size(),
        Units.bytes(referencedBytes),
        histogram(registry.referenceCounts()));
    out.println(
        "  pending deletion   "
            + (registry.pending().isEmpty()
                ? "none"
                : registry.pending().size() + " (deleted by the next discard or collectGarbage)"));
    for (String p : registry.pending()) {
      out.println("      " + p);
    }
    List<Long> orphans = root.orphanIds(registry);
    out.println(
        "  orphan metadata    "
            + (orphans.isEmpty()
                ? "none"
                : orphans.stream().map(root::metadataName).collect(Collectors.joining(", "))
                    + " (not retained; collectGarbage() deletes it)"));
    if (!registry.retained().isEmpty()) {
      out.printf(
          "  %-8s %12s %6s %11s %7s %10s  %s%n",
          "id", "sequence", "files", "bytes", "shared", "only here", "metadata");
    }
    for (long id : registry.retained()) {
      CheckpointDescription m = loaded.get(id);
      if (m == null) {
        out.printf("  %-8d unreadable: %s%n", id, failures.get(id));
        continue;
      }
      int shared = 0;
      for (CheckpointFile f : m.files()) {
        shared += registry.referenceCount(f.physicalPath()) > 1 ? 1 : 0;
      }
      out.printf(
          "  %-8d %12d %6d %11s %7d %10d  %s (%d bytes)%n",
          id,
          m.sequence(),
          m.files().size(),
          Units.bytes(m.stateSizeBytes()),
          shared,
          m.files().size() - shared,
          root.metadataName(id),
          m.encodedBytes());
    }
    if (listFiles && !registry.referenceCounts().isEmpty()) {
      out.println("referenced files (reference count, path, the checkpoints listing it):");
      for (Map.Entry<String, Integer> e : registry.referenceCounts().entrySet()) {
        TreeSet<Long> ids = owners.getOrDefault(e.getKey(), new TreeSet<>());
        out.printf(
            "  %3d  %s  (%s)%n",
            e.getValue(),
            e.getKey(),
            ids.isEmpty()
                ? "listed by no readable checkpoint"
                : (ids.size() == 1 ? "checkpoint " : "checkpoints ")
                    + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      }
    }
    if (!failures.isEmpty()) {
      err.println(
          "sediment checkpoint-info: the metadata of "
              + failures.size()
              + " retained checkpoint(s) could not be read: "
              + failures.values().iterator().next());
      return Main.FAILED;
    }
    return Main.OK;
  }

  /** ": 8 referenced by 2 checkpoints, 2 by 1", from the most shared down. */
  private static String histogram(SortedMap<String, Integer> refCounts) {
    TreeMap<Integer, Integer> filesByCount = new TreeMap<>();
    for (int n : refCounts.values()) {
      filesByCount.merge(n, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Map.Entry<Integer, Integer> e : filesByCount.descendingMap().entrySet()) {
      sb.append(first ? ": " : ", ").append(e.getValue());
      sb.append(first ? " referenced by " : " by ").append(e.getKey());
      sb.append(e.getKey() == 1 ? " checkpoint" : " checkpoints");
      first = false;
    }
    return sb.toString();
  }
}
