package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.nexmark.EventGenerator;
import io.sediment.nexmark.GeneratorConfig;
import io.sediment.nexmark.NexmarkMode;
import io.sediment.nexmark.NexmarkRun;
import io.sediment.nexmark.NexmarkSource;
import io.sediment.nexmark.Queries;
import io.sediment.nexmark.Query;
import io.sediment.nexmark.QueryConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code sediment nexmark <query> [options]}: one Nexmark query over generated events on the stream
 * runtime, in one of three modes (state local and inline, local and asynchronous, or behind the
 * latency-injecting file system with memory and disk tiers), with a progress bar on a terminal and
 * a summary: events per second, state size and checkpoint durations.
 *
 * <p>The default directory ({@code sediment-data/nexmark/<query>}) is wiped first; a directory
 * given with {@code --dir} must be new or empty.
 */
final class NexmarkCommand implements Command {

  private final LongSupplier nanoClock;
  private final boolean terminal;

  NexmarkCommand(LongSupplier nanoClock, boolean terminal) {
    this.nanoClock = nanoClock;
    this.terminal = terminal;
  }

  @Override
  public String name() {
    return "nexmark";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  nexmark <query> [--events N] [--mode sync-local|async-local|async-latency]",
        "        [--latency-ms N] [--parallelism N] [--seed S] [--tier-mb N] [--checkpoint-ms N]",
        "        [--dir PATH]",
        "      run a Nexmark query on the stream runtime and print events/s, state size and",
        "      checkpoint durations. Queries: " + String.join(", ", Queries.NAMES) + ".",
        "      --events (default 1000000) generated at 10,000 per second of event time;",
        "      --mode (async-local): sync-local and async-local keep the state on the local",
        "      disk, async-latency behind latency+file:// (--latency-ms, default 1, per",
        "      file-system operation) with a memory and a disk tier of --tier-mb each (64);",
        "      --parallelism (2) operator instances and source splits; --seed (1);",
        "      --checkpoint-ms (1000) between checkpoints; --dir: a local directory, new or",
        "      empty (default <repository>/sediment-data/nexmark/<query>, wiped first).");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a =
        new Arguments(
            name(),
            args,
            Set.of(
                "events",
                "mode",
                "latency-ms",
                "parallelism",
                "seed",
                "tier-mb",
                "checkpoint-ms",
                "dir"),
            Set.of());
    a.expectPositional(name(), 1, "one query");
    String name = a.positional().get(0);
    if (!Queries.NAMES.contains(name)) {
      throw new UsageException("unknown query '" + name + "'; the queries are " + Queries.NAMES);
    }
    long events = a.longOption("events", 1_000_000, 1, 1L << 40);
    NexmarkMode mode;
    try {
      mode = NexmarkMode.byName(a.option("mode") == null ? "async-local" : a.option("mode"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    long latencyMs = a.longOption("latency-ms", 1, 0, 10_000);
    int parallelism = (int) a.longOption("parallelism", 2, 1, 1024);
    long seed = a.longOption("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    long tierBytes = a.longOption("tier-mb", 64, 1, 1 << 20) << 20;
    long checkpointMs = a.longOption("checkpoint-ms", 1000, 1, 3_600_000);

    Path dir;
    if (a.option("dir") == null) {
      dir = Paths.get(Arguments.defaultDataDir("nexmark/" + name));
      try (FileSystemView view = FileSystemView.open(dir.toUri(), new Configuration())) {
        view.deleteRecursively(view.root());
      }
    } else {
      dir = Paths.get(a.option("dir")).toAbsolutePath().normalize();
      if (Files.exists(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            err.println("sediment nexmark: " + dir + " is not empty; give a new directory");
            return Main.FAILED;
          }
        }
      }
    }
    Files.createDirectories(dir);

    Query query = Queries.of(name, QueryConfig.defaults(0, Clock.systemUTC()));
    NexmarkSource source =
        new NexmarkSource(new EventGenerator(GeneratorConfig.defaults(seed)), events, parallelism);
    out.printf(
        "nexmark %s (%s): %d events, %s, parallelism %d, seed %d, %s%s%n",
        name,
        query.description(),
        events,
        mode.commandName(),
        parallelism,
        seed,
        mode.uri(dir.resolve("run")),
        mode.latency()
            ? " (+"
                + latencyMs
                + " ms per file-system operation, tiers of "
                + (tierBytes >> 20)
                + " MiB)"
            : "");
    ProgressBar bar = new ProgressBar(err, terminal, name, events);
    AtomicBoolean done = new AtomicBoolean();
    Thread drawer = bar.start(source::eventsRead, done::get, 200);
    NexmarkRun.Result r;
    try {
      r =
          NexmarkRun.run(
              query,
              source,
              mode,
              parallelism,
              dir,
              latencyMs,
              tierBytes,
              Duration.ofMillis(checkpointMs),
              nanoClock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + name + " under " + dir, e);
    } finally {
      done.set(true);
      join(drawer);
    }
    out.printf(
        "events/s      %,.0f (%d events in %.2f s)%n",
        r.eventsPerSecond(), r.events(), r.seconds());
    out.printf("state size    %s%n", Units.bytes(r.stateBytes()));
    if (r.checkpoints() == 0) {
      out.println("checkpoints   none during the run (it ended within --checkpoint-ms)");
    } else {
      out.printf(
          "checkpoints   %d, mean %.1f ms, max %.1f ms (trigger to commit)%n",
          r.checkpoints(), r.meanCheckpointMillis(), r.maxCheckpointMillis());
    }
    out.println("output        " + mode.uri(dir.resolve("run").resolve("out")));
    return Main.OK;
  }

  private static void join(Thread t) {
    if (!t.isAlive()) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
