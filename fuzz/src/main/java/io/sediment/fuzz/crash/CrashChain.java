package io.sediment.fuzz.crash;

import io.sediment.fuzz.NamedSettings;
import io.sediment.fuzz.WorkerProcess;
import io.sediment.lsm.Db;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * One store lineage killed again and again: a {@link CrashWorkload} process runs the workload of
 * the chain's seed, is killed with SIGKILL at a seeded {@link KillPoint}, and then the parent
 * checks what survived and starts the next process from it, until the chain's kill count is
 * reached.
 *
 * <p>After each kill the parent opens the checkpoint storage afresh (as a restarted job would) and
 * checks that
 *
 * <ul>
 *   <li>every checkpoint whose {@code checkpoint()} returned, and which no discard started on, is
 *       retained, and every retained checkpoint is one the workload began;
 *   <li>every file of every retained checkpoint exists, also after {@code collectGarbage()} and
 *       after discarding the oldest retained checkpoint;
 *   <li>every retained checkpoint restores (into a new directory) to exactly the model's state
 *       after the op count the workload reported when it began that checkpoint;
 *   <li>the killed store, reopened from its own directory, holds the state after a prefix of the op
 *       sequence: with the write-ahead log exactly the acknowledged ops, or one more when an op was
 *       in flight (a batch all or nothing); without it, any prefix from the last checkpoint that
 *       returned up to the acknowledged ops (memtables are flushed oldest first, so a kill loses a
 *       suffix, never a hole).
 * </ul>
 *
 * <p>Then the parent collects garbage and may discard the oldest retained checkpoint, while the
 * killed store is closed. The next process either reopens that store where it left off, with plain
 * {@code Db.open} (the parent first reopens it once more the same way and checks it still holds the
 * same state: cleanup must never delete a file a closed store lists), or restores the newest
 * retained checkpoint into a new directory and continues the workload from its op count, so
 * checkpoints of restored stores, and restores of those, are tested too.
 *
 * <p>Every choice the chain makes comes from its seed, but what a process managed before its kill
 * depends on timing, and so do the op counts later rounds start from: a replay makes the same
 * choices and may kill at other instants.
 */
public final class CrashChain {

  /** Only guards against a hung process; never reached by a working one. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  private static final int MAX_DELAY_MILLIS = 25;

  private final long seed;
  private final int kills;
  private final Path dir;
  private final PrintStream log;
  private final SplittableRandom random;
  private final Configuration conf = new Configuration();

  private final String config;
  private final boolean wal;
  private final int retain;
  private final int maxCheckpointInterval;
  private final int maxOpsPerRun;
  private final String checkpointRoot;

  /** Whether the chain's stores compact on a worker process that is killed too. */
  private final boolean remote;

  /** The running worker of a remote chain (null before the first round and after its kill). */
  private WorkerProcess worker;

  private int workersStarted;

  /** Jobs started on the chain's killed workers, and on the running one as last asked. */
  private long remoteJobs;

  private long currentWorkerJobs;

  /** Paths of the files the killed store listed when reopened (for the job-directory check). */
  private final Set<String> liveAtReopen = new HashSet<>();

  /** Op count of the state of every checkpoint any process began. */
  private final Map<Long, Long> checkpointOps = new TreeMap<>();

  /** Checkpoints that returned and that nobody started to discard. */
  private final Set<Long> mustBeRetained = new TreeSet<>();

  private long nextCheckpointId = 1;
  private int storeCount;

  // How the next process starts.
  private OpenMode mode = OpenMode.FRESH;
  private String storeUri;
  private long startOps;
  private long restoreId = -1;
  private String handleFile = "";

  private CrashChain(long seed, int kills, Path dir, PrintStream log) {
    this.seed = seed;
    this.kills = kills;
    this.dir = dir;
    this.log = log;
    this.random = new SplittableRandom(seed);
    // Consecutive seeds alternate the log, and of four in a row the last two compact remotely:
    // the four chains of the default run cover each pair.
    this.wal = Math.floorMod(seed, 2) == 0;
    this.remote = Math.floorMod(seed, 4) >= 2;
    List<NamedSettings> configs = remote ? CrashConfigs.compacting() : CrashConfigs.all();
    this.config = configs.get(random.nextInt(configs.size())).name();
    this.retain = 1 + random.nextInt(3);
    this.maxCheckpointInterval = 30 + random.nextInt(70);
    this.maxOpsPerRun = wal ? 120 : 200;
    this.checkpointRoot = dir.resolve("checkpoints").toUri().toString();
  }

  /**
   * Runs a chain of {@code kills} killed processes for {@code seed} in {@code dir} (which it fills
   * with store directories, checkpoints and the processes' stderr), logging one line per kill.
   *
   * @throws AssertionError on the first check that fails, naming the seed, the round and the kill
   *     point
   * @throws IllegalArgumentException if kills is not positive
   */
  public static void run(long seed, int kills, Path dir, PrintStream log) throws Exception {
    if (kills < 1) {
      throw new IllegalArgumentException("kills must be >= 1: " + kills);
    }
    Files.createDirectories(dir);
    new CrashChain(seed, kills, dir, log).run();
  }

  private void run() throws Exception {
    log.printf(
        "crash chain seed=%d: config %s, wal %s, %s compaction, retain %d,"
            + " checkpoint every <= %d ops, settings %s%n",
        seed,
        config,
        wal,
        remote ? "remote" : "local",
        retain,
        maxCheckpointInterval,
        CrashConfigs.settings(config, wal));
    storeUri = newStoreUri();
    try {
      for (int round = 1; round <= kills; round++) {
        runRound(round);
      }
    } finally {
      if (worker != null) {
        worker.close();
      }
    }
    remoteJobs += currentWorkerJobs;
    if (remote) {
      log.printf(
          "  chain %d: %d compaction workers, %d jobs started on them%n",
          seed, workersStarted, remoteJobs);
      check(remoteJobs > 0, "chain " + seed + " compacts remotely, but no worker ran a job");
    }
  }

  private void runRound(int round) throws Exception {
    KillPoint kill = KillPoint.random(random, startOps, maxOpsPerRun, MAX_DELAY_MILLIS);
    WorkloadSpec spec =
        new WorkloadSpec(
            storeUri,
            checkpointRoot,
            mode,
            restoreId,
            handleFile,
            seed,
            random.nextLong(),
            startOps,
            startOps + 4L * maxOpsPerRun,
            nextCheckpointId,
            maxCheckpointInterval,
            retain,
            CrashConfigs.settings(config, wal));
    // Drawn before the run, so the chain's decisions do not depend on what the process managed.
    boolean reopenNext = random.nextBoolean();
    boolean discardOldest = !reopenNext && random.nextInt(3) == 0;
    KillPoint workerKill = remote ? workerKillPoint() : null;
    Path stderr = dir.resolve("round-" + round + ".stderr");
    Progress progress = null;
    try {
      if (remote) {
        spec = withWorker(spec);
      }
      long started = System.nanoTime();
      String workerFate = "";
      WorkloadProcess process = WorkloadProcess.start(spec, stderr);
      try {
        if (workerKill != null) {
          process.awaitUntil(p -> kill.reached(p) || workerKill.reached(p), HANG_GUARD);
          if (!kill.reached(process.progress())) {
            workerFate = ", worker killed " + killWorker(workerKill.delayMillis());
          }
        }
        process.awaitUntil(kill::reached, HANG_GUARD);
        progress = process.kill(kill.delayMillis());
      } finally {
        process.destroy();
        progress = progress == null ? process.progress() : progress;
      }
      if (remote && worker != null) {
        workerFate = ", worker survived " + awaitWorkerIdle();
      }
      long killed = System.nanoTime();
      String outcome = verify(spec, progress, reopenNext, discardOldest);
      log.printf(
          "  chain %d round %d: %s from op %d, killed %s%s: %s; %s (run %d ms, checks %d ms)%n",
          seed,
          round,
          spec.openMode(),
          spec.startOps(),
          progress.idle() ? "idle (its op limit came first)" : kill,
          workerFate,
          progress,
          outcome,
          (killed - started) / 1_000_000,
          (System.nanoTime() - killed) / 1_000_000);
    } catch (Exception | AssertionError e) {
      throw new AssertionError(failure(round, kill, spec, progress, stderr, e), e);
    }
  }

  /**
   * When the worker of a remote chain dies in this round: in two rounds of three, after a seeded op
   * of the workload plus a delay (if the workload gets there before its own kill).
   */
  private KillPoint workerKillPoint() {
    if (random.nextInt(3) == 0) {
      return null;
    }
    return new KillPoint(
        KillPoint.Kind.AFTER_OP,
        startOps + random.nextInt(maxOpsPerRun),
        random.nextInt(MAX_DELAY_MILLIS + 1));
  }

  /** {@code spec} compacting on the chain's worker, started first if there is none. */
  private WorkloadSpec withWorker(WorkloadSpec spec) throws IOException {
    Path tokenFile = dir.resolve("worker-token");
    if (worker == null) {
      worker =
          WorkerProcess.start("crash-chain-" + seed, 2, tokenFile, dir.resolve("workers.stderr"));
      workersStarted++;
    }
    return spec.withCompactionWorker(worker.uri().toString(), tokenFile.toString());
  }

  /**
   * Kills the worker with SIGKILL after {@code delayMillis} more of the workload's run; returns
   * what it had done.
   */
  private String killWorker(int delayMillis) throws InterruptedException {
    worker.kill(delayMillis);
    worker = null;
    remoteJobs += currentWorkerJobs;
    currentWorkerJobs = 0;
    return "mid-run";
  }

  /**
   * Waits until the surviving worker runs no job (one for the killed store may still be writing
   * into its attempt directory), so that the checks see what the worker left for good. Returns what
   * it did.
   */
  private String awaitWorkerIdle() throws IOException {
    long deadline = System.nanoTime() + HANG_GUARD.toNanos();
    Map<String, Long> m = worker.metrics();
    while (m.get("jobs-running") > 0) {
      check(System.nanoTime() < deadline, "worker still busy after " + HANG_GUARD + ": " + m);
      Thread.onSpinWait(); // each metrics call is a round trip to the worker
      m = worker.metrics();
    }
    currentWorkerJobs = m.get("jobs-started");
    return "(" + m.get("jobs-started") + " jobs started, " + m.get("jobs-failed") + " failed)";
  }

  /** Checks what survived the kill and sets up the next process; returns a summary. */
  private String verify(
      WorkloadSpec spec, Progress progress, boolean reopenNext, boolean discardOldest)
      throws Exception {
    checkpointOps.putAll(progress.checkpointsBegun());
    for (long id : checkpointOps.keySet()) {
      nextCheckpointId = Math.max(nextCheckpointId, id + 1);
    }
    mustBeRetained.addAll(progress.checkpointsDone());
    mustBeRetained.removeAll(progress.discardsBegun());
    StringBuilder summary = new StringBuilder();
    try (CheckpointStorage storage = CheckpointStorage.open(checkpointRoot, conf)) {
      List<Long> retained = storage.checkpoints();
      summary.append("retained ").append(retained);
      for (long id : retained) {
        check(checkpointOps.containsKey(id), "checkpoint " + id + " is retained but never began");
      }
      for (long id : mustBeRetained) {
        check(
            retained.contains(id),
            "checkpoint " + id + " returned before the kill but is not retained after it");
      }
      NavigableMap<Long, CheckpointHandle> handles = new TreeMap<>();
      for (long id : retained) {
        handles.put(id, storage.load(id));
      }
      checkFilesExist(handles, "after the kill");

      List<Long> counts = new ArrayList<>();
      handles.keySet().forEach(id -> counts.add(checkpointOps.get(id)));
      OpRange reopenable = reopenable(spec, progress);
      for (long n = reopenable.oldest(); n <= reopenable.newest(); n++) {
        counts.add(n);
      }
      ExpectedStates expected = ExpectedStates.replay(seed, counts);
      long reopenedOps = checkReopened(reopenable, expected);
      summary.append(", reopened store holds ").append(reopenedOps).append(" ops");

      int deleted = storage.collectGarbage();
      summary.append(", collected ").append(deleted);
      checkFilesExist(handles, "after collectGarbage");
      int jobDirs = checkJobDirectories(handles);
      if (jobDirs > 0) {
        summary.append(", ").append(jobDirs).append(" job directories in use");
      }
      if (discardOldest && handles.size() > 1) {
        long first = handles.firstKey();
        storage.discard(first);
        handles.remove(first);
        mustBeRetained.remove(first);
        summary.append(", discarded ").append(first);
        checkFilesExist(handles, "after discarding checkpoint " + first);
      }
      if (reopenNext) {
        // The killed store is closed: the collection and the discard must have kept every file
        // it lists. Open it the plain way once more, as the next process will.
        checkReopened(new OpRange(reopenedOps, reopenedOps), expected);
        summary.append(", reopened again after cleanup");
      }
      for (CheckpointHandle h : handles.values()) {
        checkRestored(h, expected);
      }
      summary.append(", restored ").append(handles.keySet());

      restoreId = -1;
      handleFile = "";
      if (reopenNext) {
        mode = OpenMode.REOPEN;
        startOps = reopenedOps;
      } else if (!handles.isEmpty()) {
        mode = OpenMode.RESTORE;
        restoreId = handles.lastKey();
        startOps = checkpointOps.get(restoreId);
        storeUri = newStoreUri();
        // The next process restores from the handle's bytes, as a task from its job manager.
        Path file = dir.resolve("handle-" + restoreId);
        Files.write(file, handles.lastEntry().getValue().toBytes());
        handleFile = file.toString();
      } else {
        mode = OpenMode.FRESH;
        startOps = 0;
        storeUri = newStoreUri();
      }
    }
    return summary.toString();
  }

  /** Op counts {@code [oldest, newest]}. */
  private record OpRange(long oldest, long newest) {}

  /** The op counts whose state the killed store may hold (see the class comment). */
  private OpRange reopenable(WorkloadSpec spec, Progress progress) {
    long acked = progress.ackedOps();
    long newest = progress.opMayBeRunning() && acked < spec.limitOps() ? acked + 1 : acked;
    if (wal) {
      return new OpRange(acked, newest);
    }
    // Without the log, what the store held when it started and what a checkpoint flushed is safe.
    long oldest = spec.startOps();
    for (long id : progress.checkpointsDone()) {
      oldest = Math.max(oldest, checkpointOps.get(id));
    }
    return new OpRange(oldest, newest);
  }

  /**
   * Opens the killed store from its directory; returns the op count in {@code range} whose state it
   * holds (the newest, when several states are equal).
   */
  private long checkReopened(OpRange range, ExpectedStates expected) throws IOException {
    long oldest = range.oldest();
    long newest = range.newest();
    try (Db db = Db.open(CrashConfigs.options(CrashConfigs.settings(config, wal), storeUri))) {
      for (org.apache.hadoop.fs.Path p : StoreEngine.of(db).liveFilePaths()) {
        liveAtReopen.add(p.toUri().getPath());
      }
      NavigableMap<byte[], byte[]> held = StateCheck.contents(db);
      for (long ops = newest; ops >= oldest; ops--) {
        if (StateCheck.sameEntries(held, expected.after(ops))) {
          // A full check too: point reads take other paths than the scan.
          List<String> diffs = StateCheck.differences(db, expected.after(ops), expected.keys());
          check(diffs.isEmpty(), "store reopened with the state after " + ops + " ops: " + diffs);
          return ops;
        }
      }
      List<String> diffs = StateCheck.differences(db, expected.after(newest), expected.keys());
      throw new AssertionError(
          "store "
              + storeUri
              + " reopened after the kill holds the state after no op count in ["
              + oldest
              + ", "
              + newest
              + "] ("
              + (wal ? "acknowledged writes lost or part of one kept" : "a hole in the flushed ops")
              + "); against "
              + newest
              + " ops: "
              + diffs);
    }
  }

  /** Restores {@code h} into a new directory and compares it with the model. */
  private void checkRestored(CheckpointHandle h, ExpectedStates expected) throws IOException {
    long ops = checkpointOps.get(h.id());
    Path target = dir.resolve("verify-" + h.id() + "-" + (++storeCount));
    try (Db db =
        Restore.open(
            h,
            CrashConfigs.options(
                CrashConfigs.settings(config, false), target.toUri().toString()))) {
      List<String> diffs = StateCheck.differences(db, expected.after(ops), expected.keys());
      check(
          diffs.isEmpty(),
          "checkpoint "
              + h.id()
              + " restored differs from the state after "
              + ops
              + " ops: "
              + diffs);
    }
    deleteTree(target);
  }

  /**
   * Checks that the open after the kill collected every orphaned attempt directory of remote
   * compactions: each file left under {@code <store>/compactions/} must be one the reopened store
   * listed or one a retained checkpoint references (installed outputs that the store has since
   * compacted away but a checkpoint still holds). A file neither lists is the output of an attempt
   * that was never installed (a killed worker's, a killed store's, a fenced late worker's). Runs
   * after the collection, which finishes interrupted discards. Returns the directories left.
   */
  private int checkJobDirectories(Map<Long, CheckpointHandle> handles) throws IOException {
    Path jobs = Path.of(java.net.URI.create(storeUri)).resolve("compactions");
    Set<String> referenced = new HashSet<>(liveAtReopen);
    for (CheckpointHandle h : handles.values()) {
      for (String p : h.physicalPaths()) {
        referenced.add(new org.apache.hadoop.fs.Path(p).toUri().getPath());
      }
    }
    liveAtReopen.clear();
    if (!Files.isDirectory(jobs)) {
      return 0;
    }
    int left = 0;
    try (Stream<Path> dirs = Files.list(jobs)) {
      for (Path d : dirs.toList()) {
        left++;
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.toList()) {
            check(
                referenced.contains(f.toAbsolutePath().toString()),
                "attempt output "
                    + f
                    + " is neither live in the reopened store nor in a retained checkpoint:"
                    + " an orphaned attempt directory survived the open");
          }
        }
      }
    }
    return left;
  }

  private void checkFilesExist(Map<Long, CheckpointHandle> handles, String when)
      throws IOException {
    for (CheckpointHandle h : handles.values()) {
      for (String p : h.physicalPaths()) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p);
        FileSystem fs = path.getFileSystem(conf);
        check(
            fs.exists(path),
            "file " + p + " of retained checkpoint " + h.id() + " is gone " + when);
      }
    }
  }

  private String newStoreUri() {
    return dir.resolve("store-" + (++storeCount)).toUri().toString();
  }

  private String failure(
      int round, KillPoint kill, WorkloadSpec spec, Progress progress, Path stderr, Throwable e) {
    StringBuilder sb = new StringBuilder();
    sb.append("crash test failed: chain seed ")
        .append(seed)
        .append(", round ")
        .append(round)
        .append(" of ")
        .append(kills)
        .append(", killed ")
        .append(kill)
        .append("\n  replay: mvn -pl fuzz test -Dtest=ProcessCrashTest -Dfuzz.crash.seed=")
        .append(seed)
        .append(" -Dfuzz.crash.kills=")
        .append(round)
        .append("\n  ")
        .append(e.getMessage())
        .append("\n  process: ")
        .append(String.join(" ", spec.toArgs()))
        .append("\n  progress: ")
        .append(progress == null ? "none" : progress + "\n  last lines: " + progress.tail())
        .append("\n  stderr (")
        .append(stderr)
        .append("):\n")
        .append(tail(stderr));
    return sb.toString();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "<unreadable: " + e + ">";
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }
}
