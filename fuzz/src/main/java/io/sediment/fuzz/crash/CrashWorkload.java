package io.sediment.fuzz.crash;

import io.sediment.compaction.RemoteCompactionService;
import io.sediment.fuzz.OpGenerator;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * The process a crash test kills: opens a store (new, reopened after the previous kill, or restored
 * from the checkpoint handle it is given), runs the deterministic {@link WorkloadLog} from op
 * {@code startOps}, takes a checkpoint every few ops, discards checkpoints beyond the retained
 * count, sometimes collects garbage, and reports each step on stdout ({@link ProgressReport}). It
 * never ends on its own: at its op limit it waits for the parent, which always ends it with
 * SIGKILL.
 *
 * <p>With a compaction worker in its spec, the store compacts there ({@link
 * CrashConfigs#remoteService}); jobs the worker cannot run, because it was killed too, run here.
 *
 * <p>Single-threaded on purpose (background flushes and compactions run concurrently inside the
 * engine): each checkpoint then holds exactly the ops acknowledged before it began.
 *
 * <p>Usage: {@code java -cp <classpath> io.sediment.fuzz.crash.CrashWorkload key=value...} with the
 * arguments of {@link WorkloadSpec#toArgs()}. Exit status 2 for bad arguments, 1 for any failure
 * (the stack trace goes to stderr).
 */
public final class CrashWorkload {

  private CrashWorkload() {}

  public static void main(String[] args) {
    WorkloadSpec spec;
    try {
      spec = WorkloadSpec.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      Runtime.getRuntime().halt(2);
      return;
    }
    try {
      run(spec, new ProgressReport(new FileOutputStream(FileDescriptor.out)));
      // Wait for the kill; an end of input means the parent is gone, so stop quietly.
      while (System.in.read() >= 0) {
        // Nothing is expected on stdin.
      }
      Runtime.getRuntime().halt(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.err.flush();
      Runtime.getRuntime().halt(1);
    }
  }

  /** The store, checkpoint storage and remote compaction client (or null) a run leaves open. */
  record Opened(Db db, CheckpointStorage storage, RemoteCompactionService compaction)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (storage) {
        db.close();
      } finally {
        if (compaction != null) {
          compaction.close();
        }
      }
    }
  }

  /**
   * Runs the workload of {@code spec} up to its op limit and returns with the store still open (its
   * state is meant to be recovered after a kill, not closed cleanly).
   */
  static Opened run(WorkloadSpec spec, ProgressReport report) throws IOException {
    RemoteCompactionService compaction = null;
    if (spec.remoteCompaction()) {
      String token =
          Files.readAllLines(Path.of(spec.workerTokenFile()), StandardCharsets.UTF_8)
              .get(0)
              .strip();
      compaction = CrashConfigs.remoteService(spec.compactionWorker(), token);
    }
    DbOptions options = CrashConfigs.options(spec.settings(), spec.storeUri(), compaction);
    CheckpointStorage storage =
        CheckpointStorage.open(spec.checkpointRootUri(), new Configuration());
    Db db =
        switch (spec.openMode()) {
          case FRESH, REOPEN -> Db.open(options);
          case RESTORE -> Restore.open(handle(spec), options);
        };
    OpGenerator ops = WorkloadLog.generatorAt(spec.workloadSeed(), spec.startOps());
    SplittableRandom schedule = new SplittableRandom(spec.scheduleSeed());
    report.ready(spec.startOps());
    long id = spec.firstCheckpointId();
    long nextCheckpoint = spec.startOps() + 1 + schedule.nextInt(spec.maxCheckpointInterval());
    for (long i = spec.startOps(); i < spec.limitOps(); i++) {
      WorkloadLog.apply(ops.next(), db);
      report.ack(i);
      long done = i + 1;
      if (done == nextCheckpoint) {
        report.checkpointBegin(id, done);
        storage.checkpoint(db, id);
        report.checkpointDone(id);
        id++;
        List<Long> retained = storage.checkpoints();
        for (int k = 0; k < retained.size() - spec.retain(); k++) {
          report.discardBegin(retained.get(k));
          storage.discard(retained.get(k));
          report.discardDone(retained.get(k));
        }
        if (schedule.nextInt(4) == 0) {
          report.gcBegin();
          report.gcDone(storage.collectGarbage());
        }
        nextCheckpoint = done + 1 + schedule.nextInt(spec.maxCheckpointInterval());
      }
    }
    report.idle();
    return new Opened(db, storage, compaction);
  }

  private static CheckpointHandle handle(WorkloadSpec spec) throws IOException {
    CheckpointHandle h = CheckpointHandle.fromBytes(Files.readAllBytes(Path.of(spec.handleFile())));
    if (h.id() != spec.restoreId()) {
      throw new IllegalArgumentException(
          spec.handleFile() + " holds checkpoint " + h.id() + ", not " + spec.restoreId());
    }
    return h;
  }
}
