package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.InternalKeys;
import io.sediment.lsm.spi.StoreManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code sediment manifest-dump <dir>}: the store's current manifest: sequence and file numbers,
 * then every live file level by level with its key range, size and sequence numbers.
 */
final class ManifestDumpCommand implements Command {

  @Override
  public String name() {
    return "manifest-dump";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  manifest-dump <dir>",
        "      print the store's current manifest: sequence numbers, and the files of each",
        "      level with their key ranges. <dir> is a local path or a file-system URI.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of(), Set.of());
    a.expectPositional(name(), 1, "one store directory");
    try (ExistingPath dir = ExistingPath.open(Arguments.toUri(a.positional().get(0)), a.conf());
        FileSystemView view = dir.openDirectory(a.conf())) {
      StoreManifest m = ManifestReading.current(view);
      out.println("store " + dir.uri);
      out.println("  manifest          " + m.fileName());
      out.println(
          "  merge function    "
              + (m.mergeFunctionName() == null ? "none" : m.mergeFunctionName()));
      out.println("  last sequence     " + m.lastSequence());
      out.println("  next file number  " + m.nextFileNumber());
      out.println("  log number        " + (m.logNumber() == 0 ? "none" : m.logNumber()));
      out.printf("  %d files, %d bytes%n", m.files().size(), bytes(m.files()));
      for (int level = 0; level < StoreFile.NUM_LEVELS; level++) {
        List<StoreFile> files = m.files(level);
        out.printf(
            "level %d: %d files, %d bytes, new files %s%n",
            level, files.size(), bytes(files), m.compression(level));
        for (StoreFile f : files) {
          out.printf(
              "  %s%s%s  %d bytes, %d entries (%d deletions, %d range deletions), seq %d..%d%n",
              f.logicalName(),
              f.inStoreDirectory() ? "" : " -> " + f.physicalPath(),
              ownership(f),
              f.sizeBytes(),
              f.entryCount(),
              f.deletionCount(),
              f.rangeDeletionCount(),
              f.smallestSequence(),
              f.largestSequence());
          out.printf(
              "      [%s .. %s]%n",
              InternalKeys.toDisplay(f.smallestInternalKey()),
              InternalKeys.toDisplay(f.largestInternalKey()));
        }
      }
    }
    return Main.OK;
  }

  private static long bytes(List<StoreFile> files) {
    return files.stream().mapToLong(StoreFile::sizeBytes).sum();
  }

  /** Who may delete the file, unless the store does (the common case, left unsaid). */
  private static String ownership(StoreFile f) {
    return switch (f.ownership()) {
      case OWNED -> "";
      case SHARED -> " (shared with checkpoints)";
      case NOT_OWNED -> " (not owned)";
    };
  }
}
