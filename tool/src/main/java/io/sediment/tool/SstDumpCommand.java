package io.sediment.tool;

import io.sediment.fs.ReadableFile;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstReader;
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
        ReadableFile in = file.parent.openRead(file.path);
        SstReader reader = SstReader.open(in, fileNumber(file.path.getName()), null)) {
      SstProperties p = reader.properties();
      out.println("SST " + file.uri);
      out.printf(
          "  file size          %d bytes (format version %d)%n", p.fileSize(), p.formatVersion());
      out.printf("  compression        %s%n", p.compression());
      out.printf(
          "  entries            %d (%d deletions, %d merges), %d range deletions%n",
          p.entryCount(), p.deletionCount(), p.mergeCount(), p.rangeDeletionCount());
      out.printf("  sequence numbers   %d .. %d%n", p.smallestSequence(), p.largestSequence());
      out.printf("  smallest key       %s%n", internal(p.smallestKey()));
      out.printf("  largest key        %s%n", internal(p.largestKey()));
      out.printf("  raw key/value      %d / %d bytes%n", p.rawKeyBytes(), p.rawValueBytes());
      int blocks = reader.dataBlockCount();
      out.printf(
          "  data blocks        %d, %d bytes stored (%.0f bytes each on average)%n",
          blocks, p.dataBytes(), blocks == 0 ? 0.0 : (double) p.dataBytes() / blocks);
      out.printf("  index block        %d bytes, one entry per data block%n", p.indexBytes());
      out.printf(
          "  filter block       %s%n",
          p.filterBytes() == 0 ? "none" : p.filterBytes() + " bytes (bloom)");
      List<RangeTombstone> tombstones = reader.rangeTombstones();
      for (RangeTombstone t : tombstones) {
        out.println("  range deletion     " + t);
      }
      if (a.flag("entries")) {
        out.println("entries (key @sequence TYPE => value):");
        long printed = 0;
        try (InternalIterator it = reader.newIterator()) {
          for (it.seekToFirst(); it.isValid() && printed < limit; it.next()) {
            out.println(
                "  "
                    + InternalKey.toString(it.keyArray(), it.keyOffset(), it.keyLength())
                    + " => "
                    + shortened(it.valueArray(), it.valueOffset(), it.valueLength()));
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

  /** The number in a name like {@code 000042.sst}, or 0 for other names. */
  static long fileNumber(String name) {
    String stem = name.endsWith(".sst") ? name.substring(0, name.length() - 4) : name;
    if (stem.isEmpty() || stem.length() > 18 || !stem.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Long.parseLong(stem);
  }

  private static String internal(byte[] key) {
    return InternalKey.toString(key, 0, key.length);
  }

  private static String shortened(byte[] bytes, int offset, int length) {
    int shown = Math.min(length, 64);
    String text = Bytes.toDisplay(bytes, offset, shown);
    return shown < length ? text + "... (" + length + " bytes)" : text;
  }
}
