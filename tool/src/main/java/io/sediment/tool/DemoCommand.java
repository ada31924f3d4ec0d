package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code sediment demo [-Dkey=value ...] [URI]}: the file-system layer, the store end to end, then
 * checkpoints and restores, each step timed and checked.
 *
 * <p>Without a URI it runs in {@code <repository>/sediment-data/demo}, which it wipes first. A URI
 * given on the command line is never wiped: it must not exist yet or be empty, so a typo cannot
 * delete someone's data.
 */
final class DemoCommand implements Command {

  private final LongSupplier nanoClock;

  DemoCommand(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  demo [-Dkey=value ...] [URI]",
        "      exercise Sediment end to end: first the file-system layer (write-once files,",
        "      versioned metadata, the file registry), then the store (put, batch, deleteRange,",
        "      counter merges, get, multiGet, an iterator scan, flush, compaction, reopen) with",
        "      its statistics, then checkpoints: two of a store that keeps writing and compacting",
        "      (sharing most files), a restore read back as of checkpoint time, discards showing",
        "      which files are deleted and kept, restores without and with claiming the files.",
        "      URI is any Hadoop file-system URI (file:///..., hdfs://host:port/...,",
        "      or with a test wrapper: latency+file:///...) that does not exist yet or is empty;",
        "      the default is file://<repository>/sediment-data/demo, wiped at the start.",
        "      -D sets a Hadoop configuration key, e.g. -Dsediment.fs.latency.default=2ms.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = new Arguments(name(), args, Set.of(), Set.of());
    if (a.positional().size() > 1) {
      throw new UsageException(
          "demo takes at most one URI, got " + a.positional().size() + ": " + a.positional());
    }
    Configuration conf = a.conf();
    URI base;
    if (a.positional().isEmpty()) {
      base = Arguments.defaultDataDir("demo");
      try (FileSystemView view = FileSystemView.open(base, conf)) {
        view.deleteRecursively(view.root());
      }
    } else {
      base = Arguments.toUri(a.positional().get(0));
      try (FileSystemView view = FileSystemView.open(base, conf)) {
        if (view.exists(view.root()) && !view.list(view.root()).isEmpty()) {
          err.println(
              "sediment demo: "
                  + base
                  + " exists and is not empty; give a new or empty directory"
                  + " (only the default directory is wiped)");
          return Main.FAILED;
        }
      }
    }
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    out.println("Sediment demo in " + base);
    Steps steps = new Steps(out, nanoClock);
    steps.section("the file-system layer (in fs/)");
    new FsDemo(out, steps).run(URI.create(root + "fs"), conf);
    steps.section("the store (in db/)");
    new StoreDemo(out, steps).run(URI.create(root + "db"), conf);
    steps.section("checkpoints and restore (in live/, checkpoints/, restore-*/)");
    new CheckpointDemo(out, steps).run(base, conf);
    out.println();
    out.println("done");
    return Main.OK;
  }
}
