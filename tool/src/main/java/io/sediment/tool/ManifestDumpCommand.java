package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
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
      ManifestContents m = ManifestReading.current(view);
      out.println("store " + dir.uri);
      out.println("  manifest          " + ManifestStore.fileName(m.manifestNumber()));
      out.println(
          "  merge function    "
              + (m.mergeFunctionName() == null ? "none" : m.mergeFunctionName()));
      out.println("  last sequence     " + m.lastSequence());
      out.println("  next file number  " + m.nextFileNumber());
      out.println("  log number        " + (m.logNumber() == 0 ? "none" : m.logNumber()));
      byte[] codes = m.compressionCodes();
      Version version = m.version();
      out.printf(
          "  %d files, %d bytes%n",
          version.fileCount(), m.files().stream().mapToLong(FileMetadata::fileSize).sum());
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        List<FileMetadata> files = version.files(level);
        out.printf(
            "level %d: %d files, %d bytes, new files %s%n",
            level, files.size(), version.levelBytes(level), Compression.fromCode(codes[level]));
        for (FileMetadata f : files) {
          out.printf(
              "  %s%s  %d bytes, %d entries (%d deletions, %d range deletions), seq %d..%d%n",
              f.logicalName(),
              f.ownedByStore() ? "" : " -> " + f.physicalPath(),
              f.fileSize(),
              f.entryCount(),
              f.deletionCount(),
              f.rangeDeletionCount(),
              f.smallestSequence(),
              f.largestSequence());
          out.printf(
              "      [%s .. %s]%n",
              InternalKey.toString(f.smallest(), 0, f.smallest().length),
              InternalKey.toString(f.largest(), 0, f.largest().length));
        }
      }
    }
    return Main.OK;
  }
}
