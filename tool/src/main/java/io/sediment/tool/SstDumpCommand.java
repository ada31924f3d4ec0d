package io.sediment.tool;

import io.sediment.lsm.spi.InternalKeys;
import io.sediment.lsm.spi.SstFile;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code sediment sst-dump [--entries] [--limit N] <file>}: an SST's properties, a summary of its
 * index, its range deletions and, with {@code --entries}, its entries in internal-key order.
 */
final class SstDumpCommand implements Command {

  @Override
  public String name() {
    return "sst-dump";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  sst-dump [--entries] [--limit N] <file>",
        "      print an SST's properties, index summary and range deletions; --entries also",
        "      prints its entries (at most N with --limit, default all). <file> is a local path",
        "      or a file-system URI.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of("limit"), Set.of("entries"));
    a.expectPositional(name(), 1, "one SST file");
    long limit = a.longOption("limit", Long.MAX_VALUE, 0, Long.MAX_VALUE);
    try (ExistingPath file = ExistingPath.open(Arguments.toUri(a.positional().get(0)), a.conf());
        SstFile sst = SstFile.open(file.parent, file.path)) {
      SstFile.Properties p = sst.properties();
      out.println("SST " + file.uri);
      out.printf(
          "  file size          %d bytes (format version %d)%n", p.fileSize(), p.formatVersion());
      out.printf("  compression        %s%n", p.compression());
      out.printf(
          "  entries            %d (%d deletions, %d merges), %d range deletions%n",
          p.entryCount(), p.deletionCount(), p.mergeCount(), p.rangeDeletionCount());
      out.printf("  sequence numbers   %d .. %d%n", p.smallestSequence(), p.largestSequence());
      out.printf("  smallest key       %s%n", InternalKeys.toDisplay(p.smallestInternalKey()));
      out.printf("  largest key        %s%n", InternalKeys.toDisplay(p.largestInternalKey()));
      out.printf("  raw key/value      %d / %d bytes%n", p.rawKeyBytes(), p.rawValueBytes());
      int blocks = p.dataBlockCount();
      out.printf(
          "  data blocks        %d, %d bytes stored (%.0f bytes each on average)%n",
          blocks, p.dataBytes(), blocks == 0 ? 0.0 : (double) p.dataBytes() / blocks);
      out.printf("  index block        %d bytes, one entry per data block%n", p.indexBytes());
      out.printf(
          "  filter block       %s%n",
          p.filterBytes() == 0 ? "none" : p.filterBytes() + " bytes (bloom)");
      for (SstFile.RangeDeletion t : sst.rangeDeletions()) {
        out.println("  range deletion     " + t);
      }
      if (a.flag("entries")) {
        out.println("entries (key @sequence TYPE => value):");
        long printed = 0;
        try (SstFile.Entries it = sst.entries()) {
          while (it.hasNext() && printed < limit) {
            SstFile.Entry e = it.next();
            out.println(
                "  "
                    + InternalKeys.display(e.userKey())
                    + " @"
                    + e.sequence()
                    + " "
                    + e.kind()
                    + " => "
                    + shortened(e.value()));
            printed++;
          }
        }
        if (printed < p.entryCount()) {
          out.println("  ... " + (p.entryCount() - printed) + " more (raise --limit)");
        }
      }
    }
    return Main.OK;
  }

  private static String shortened(byte[] bytes) {
    int shown = Math.min(bytes.length, 64);
    String text = InternalKeys.display(java.util.Arrays.copyOf(bytes, shown));
    return shown < bytes.length ? text + "... (" + bytes.length + " bytes)" : text;
  }
}
