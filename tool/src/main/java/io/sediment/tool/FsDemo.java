package io.sediment.tool;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileRegistry;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.ReleaseOutcome;
import io.sediment.fs.VersionedPublisher;
import io.sediment.fs.WritableFile;
import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.WrapperSchemes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The first section of {@code sediment demo}: the file-system features the store builds on, step by
 * step, each with what it did and how long it took.
 *
 * <p>The view is opened through the counting wrapper, so the run ends with the number of
 * file-system operations and bytes it cost.
 */
final class FsDemo {

  private static final long SEED = 2026;

  private final PrintStream out;
  private final Steps steps;

  FsDemo(PrintStream out, Steps steps) {
    this.out = out;
    this.steps = steps;
  }

  /** Runs the section in {@code dir}, which must not exist yet or be empty. */
  void run(URI dir, Configuration conf) throws IOException {
    URI counted = WrapperSchemes.wrap(WrapperSchemes.COUNTING, dir);
    try (FileSystemView baseView = FileSystemView.open(counted, conf)) {
      Path runDir = baseView.root();
      baseView.mkdirs(runDir);
      CountingFileSystem counting = (CountingFileSystem) baseView.hadoopFileSystem();
      counting.resetCounts();
      FileSystemView view = FileSystemView.wrap(counting, runDir);
      Random random = new Random(SEED);
      byte[] sst1 = new byte[64 * 1024];
      byte[] sst2 = new byte[16 * 1024];
      byte[] restored = new byte[8 * 1024];
      random.nextBytes(sst1);
      random.nextBytes(sst2);
      random.nextBytes(restored);
      Path checkpointDir = view.resolve("checkpoint-7");

      steps.run(
          "write three write-once files",
          () -> {
            writeSynced(view, view.resolve("000001.sst"), sst1);
            view.writeAll(view.resolve("000002.sst"), sst2);
            view.mkdirs(checkpointDir);
            view.writeAll(FileSystemView.resolve(checkpointDir, "000010.sst"), restored);
            boolean refused;
            try {
              view.create(view.resolve("000001.sst")).close();
              refused = false;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
              refused = true;
            }
            if (!refused) {
              throw new IOException("a second create of 000001.sst was not refused");
            }
            return "000001.sst (64 KiB), 000002.sst (16 KiB), checkpoint-7/000010.sst (8 KiB);"
                + " creating 000001.sst again is refused";
          });

      VersionedPublisher manifest = new VersionedPublisher(view, view.root(), "MANIFEST");
      steps.run(
          "publish versioned metadata",
          () -> {
            boolean first = manifest.publish(1, text("files: 000001.sst"));
            boolean second = manifest.publish(2, text("files: 000001.sst 000002.sst"));
            boolean again = manifest.publish(2, text("a racing writer"));
            return "v1 " + won(first) + ", v2 " + won(second) + ", v2 again " + won(again);
          });
      steps.run(
          "find the newest complete version from a fresh reader",
          () -> {
            VersionedPublisher.Published latest =
                new VersionedPublisher(view, view.root(), "MANIFEST").latest().orElseThrow();
            return "version "
                + latest.version()
                + ": \""
                + new String(latest.content(), StandardCharsets.UTF_8)
                + "\"";
          });

      FileRegistry registry = new FileRegistry(view);
      Path physical1 = view.resolve("000001.sst");
      Path physical2 = view.resolve("000002.sst");
      Path foreign = FileSystemView.resolve(checkpointDir, "000010.sst");
      steps.run(
          "register files and link one under a second name",
          () -> {
            registry.register("000001.sst", physical1, FileOwnership.OWNED);
            registry.register("000002.sst", physical2, FileOwnership.OWNED);
            registry.register("000010.sst", foreign, FileOwnership.NOT_OWNED);
            registry.link("cp7-000001.sst", physical1);
            return "names "
                + registry.logicalNames()
                + "; 000001.sst has "
                + registry.refCount(physical1)
                + " references";
          });

      Path[] pinned = new Path[1];
      steps.run(
          "read back positionally through the second name",
          () -> {
            pinned[0] = registry.retain("cp7-000001.sst");
            byte[] head = new byte[32];
            byte[] middle = new byte[4096];
            try (ReadableFile in = view.openRead(pinned[0])) {
              in.readFully(0, head, 0, head.length);
              in.readFully(30_000, middle, 0, middle.length);
            }
            boolean same =
                Arrays.equals(head, Arrays.copyOfRange(sst1, 0, 32))
                    && Arrays.equals(middle, Arrays.copyOfRange(sst1, 30_000, 34_096));
            if (!same) {
              throw new IOException("read back different bytes from " + pinned[0]);
            }
            return "32 bytes at 0 and 4096 bytes at 30000 match what was written (file pinned,"
                + " "
                + registry.refCount(physical1)
                + " references)";
          });

      steps.run("list the directory", () -> listing(view, view.root()));

      steps.run(
          "export and restore the registry",
          () -> {
            byte[] image = registry.export();
            FileRegistry copy = FileRegistry.restore(image, view);
            return image.length + " bytes; restored names " + copy.logicalNames();
          });

      steps.run(
          "unlink and release 000001.sst: owned, deleted at zero references",
          () -> {
            ReleaseOutcome a = registry.unlink("000001.sst");
            ReleaseOutcome b = registry.unlink("cp7-000001.sst");
            boolean stillThere = view.exists(physical1);
            ReleaseOutcome c = registry.release(pinned[0]);
            return "unlink 000001.sst: "
                + a
                + ", unlink cp7-000001.sst: "
                + b
                + " (pinned, still on disk: "
                + stillThere
                + "), release pin: "
                + c
                + ", on disk now: "
                + view.exists(physical1);
          });
      steps.run(
          "unlink 000010.sst: not owned, forgotten but kept",
          () -> {
            ReleaseOutcome outcome = registry.unlink("000010.sst");
            return outcome + ", on disk: " + view.exists(foreign);
          });
      steps.run(
          "unlink 000002.sst: owned, deleted",
          () -> registry.unlink("000002.sst") + ", on disk: " + view.exists(physical2));
      steps.run("list the directory again", () -> listing(view, view.root()));
      steps.run(
          "clean up old metadata versions",
          () -> {
            manifest.deleteOlderThan(2);
            return "versions left " + manifest.listVersions();
          });

      out.printf(
          "    file-system cost: %d operations (%d creates, %d opens, %d reads, %d status lookups,"
              + " %d lists, %d deletes), %d bytes written, %d bytes read%n",
          counting.opCounts().values().stream().mapToLong(Long::longValue).sum(),
          counting.ops(FsOp.CREATE),
          counting.ops(FsOp.OPEN),
          counting.ops(FsOp.READ),
          counting.ops(FsOp.GET_FILE_STATUS),
          counting.ops(FsOp.LIST),
          counting.ops(FsOp.DELETE),
          counting.bytesWritten(),
          counting.bytesRead());
      out.println("    the files are left in " + runDir);
    }
  }

  private static void writeSynced(FileSystemView view, Path path, byte[] data) throws IOException {
    try (WritableFile file = view.create(path)) {
      int half = data.length / 2;
      file.write(data, 0, half);
      file.sync();
      file.write(data, half, data.length - half);
    }
  }

  private static String listing(FileSystemView view, Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (FileStatus status : view.list(dir)) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(status.getPath().getName());
      sb.append(status.isDirectory() ? "/" : " (" + status.getLen() + " B)");
    }
    return sb.toString();
  }

  private static String won(boolean created) {
    return created ? "created" : "already existed";
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
