package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.SstFile;
import io.sediment.lsm.spi.StoreManifest;
import io.sediment.snapshot.CheckpointDescription;
import io.sediment.snapshot.CheckpointInspector;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code sediment verify <dir>}: reads the current manifest, then every block of every live SST,
 * checking each checksum and the key order ({@link SstFile#verifyChecksums()}), and that each file
 * has the size the manifest records. Stops at the first damaged file: prints the {@link
 * CorruptionException} message (file and offset) and exits with {@link Main#FAILED}.
 *
 * <p>{@code sediment verify --checkpoint [--id N] <root | metadata file>} checks checkpoints the
 * same way, file by file, plus the checkpoint metadata and the registry of the root ({@link
 * CheckpointVerification}).
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
        "      or a file-system URI); exit code 1 and the damaged file and offset on corruption.",
        "  verify --checkpoint [--id N] <root | metadata file>",
        "      check that checkpoints can be restored: the root's newest registry and each",
        "      retained checkpoint's metadata decode, every file they reference exists with its",
        "      recorded size and good block checksums, and the registry counts exactly the",
        "      references the checkpoints make. --id N checks one checkpoint; a metadata file",
        "      (chk-<id>, or saved handle bytes) checks the checkpoint it describes. Exit code 1",
        "      and one line per problem (file and offset) when anything is missing or damaged.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of("id"), Set.of("checkpoint"));
    boolean checkpoint = a.flag("checkpoint");
    if (!checkpoint) {
      if (a.option("id") != null) {
        throw new UsageException("--id picks a checkpoint: it needs --checkpoint");
      }
      a.expectPositional(name(), 1, "one store directory");
      return verifyStore(a, out, err);
    }
    a.expectPositional(name(), 1, "one checkpoint root or metadata file");
    Long id = a.option("id") == null ? null : a.longOption("id", 0, 0, Long.MAX_VALUE);
    Configuration conf = a.conf();
    try (ExistingPath target = ExistingPath.open(Arguments.toUri(a.positional().get(0)), conf)) {
      if (target.isDirectory()) {
        try (CheckpointRoot root = CheckpointRoot.open(target, conf);
            PhysicalFiles files = new PhysicalFiles(target.parent, conf)) {
          return new CheckpointVerification(err, files).verifyRoot(out, root, id);
        }
      }
      if (id != null) {
        throw new UsageException(
            "--id picks a checkpoint of a root directory, but "
                + target.uri
                + " is a file (a metadata file is verified without --id)");
      }
      CheckpointDescription m;
      try {
        m = CheckpointInspector.describe(target.parent.readAll(target.path), target.uri.toString());
      } catch (CorruptionException e) {
        err.println("sediment verify: " + e.getMessage());
        return Main.FAILED;
      }
      try (PhysicalFiles files = new PhysicalFiles(target.parent, conf)) {
        return new CheckpointVerification(err, files).verifyMetadata(out, m);
      }
    }
  }

  private static int verifyStore(Arguments a, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    try (ExistingPath dir = ExistingPath.open(Arguments.toUri(a.positional().get(0)), a.conf());
        FileSystemView view = dir.openDirectory(a.conf())) {
      StoreManifest m = ManifestReading.current(view);
      long bytes = 0;
      try (PhysicalFiles files = new PhysicalFiles(view, a.conf())) {
        for (StoreFile f : m.files()) {
          Path path = m.physicalPath(f);
          SstCheck.verify(files.viewOf(path), path, f.sizeBytes(), "the manifest");
          bytes += f.sizeBytes();
        }
      } catch (CorruptionException e) {
        err.println("sediment verify: " + e.getMessage());
        return Main.FAILED;
      }
      out.printf(
          "ok: %d live files, %d bytes verified in %s (manifest %d, last sequence %d)%n",
          m.files().size(), bytes, dir.uri, m.manifestNumber(), m.lastSequence());
    }
    return Main.OK;
  }
}
