package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.sst.SstReader;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * {@code sediment verify <dir>}: reads the current manifest, then every block of every live SST,
 * checking each checksum and the key order ({@link SstReader#verifyChecksums()}), and that each
 * file has the size the manifest records.
 *
 * <p>Stops at the first damaged file: prints the {@link CorruptionException} message (file and
 * offset) and exits with {@link Main#FAILED}.
 */
final class VerifyCommand implements Command {

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  verify <dir>",
        "      check every block checksum of every live SST of the store in <dir> (a local path",
        "      or a file-system URI); exit code 1 and the damaged file and offset on corruption.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of(), Set.of());
    a.expectPositional(name(), 1, "one store directory");
    try (ExistingPath dir = ExistingPath.open(Arguments.toUri(a.positional().get(0)), a.conf());
        FileSystemView view = dir.openDirectory(a.conf())) {
      ManifestContents m = ManifestReading.current(view);
      long bytes = 0;
      try {
        for (FileMetadata f : m.files()) {
          verify(view, f);
          bytes += f.fileSize();
        }
      } catch (CorruptionException e) {
        err.println("sediment verify: corruption: " + e.getMessage());
        return Main.FAILED;
      }
      out.printf(
          "ok: %d live files, %d bytes verified in %s (manifest %d, last sequence %d)%n",
          m.files().size(), bytes, dir.uri, m.manifestNumber(), m.lastSequence());
    }
    return Main.OK;
  }

  private static void verify(FileSystemView view, FileMetadata f) throws IOException {
    Path path = ManifestReading.location(view, f);
    try (ReadableFile in = view.openRead(path)) {
      long size = in.size();
      if (size != f.fileSize()) {
        throw new CorruptionException(
            path.toString(),
            Math.min(size, f.fileSize()),
            "file has " + size + " bytes, the manifest records " + f.fileSize());
      }
      try (SstReader reader = SstReader.open(in, f.fileNumber(), null)) {
        reader.verifyChecksums();
      }
    }
  }
}
