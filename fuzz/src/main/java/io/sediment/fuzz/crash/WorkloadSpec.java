package io.sediment.fuzz.crash;

import io.sediment.lsm.DbSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link CrashWorkload} process needs, passed on its command line as {@code key=value}
 * arguments, so the parent and the child agree on the workload without sharing state.
 *
 * @param storeUri the store's directory (a {@code file://} URI)
 * @param checkpointRootUri the {@link io.sediment.snapshot.CheckpointStorage} root
 * @param openMode how the store is obtained
 * @param restoreId the checkpoint to restore from ({@link OpenMode#RESTORE} only, else -1)
 * @param handleFile a local file holding that checkpoint's {@link
 *     io.sediment.snapshot.CheckpointHandle#toBytes()} ({@link OpenMode#RESTORE} only, else empty):
 *     the process restores from the handle it is given, as a task does from the handle its job
 *     manager kept
 * @param workloadSeed the seed of the op sequence ({@link WorkloadLog})
 * @param scheduleSeed the seed of this process's checkpoint, discard and collection schedule
 * @param startOps how many ops of the sequence the store already holds (the first op run is this
 *     index)
 * @param limitOps the op count at which the workload stops and waits to be killed
 * @param firstCheckpointId the id of the first checkpoint this process takes (ids then count up)
 * @param maxCheckpointInterval a checkpoint follows every 1 to this many ops
 * @param retain how many checkpoints are kept: older ones are discarded after each checkpoint
 * @param settings the store's settings (among them whether it logs and syncs each write before
 *     acknowledging it), passed as their text
 * @param compactionWorker the base URI of the compaction worker the store compacts on ({@link
 *     CrashConfigs#remoteService}), or empty for compaction in the process itself
 * @param workerTokenFile a local file whose first line is that worker's token; empty exactly when
 *     there is no worker
 */
public record WorkloadSpec(
    String storeUri,
    String checkpointRootUri,
    OpenMode openMode,
    long restoreId,
    String handleFile,
    long workloadSeed,
    long scheduleSeed,
    long startOps,
    long limitOps,
    long firstCheckpointId,
    int maxCheckpointInterval,
    int retain,
    DbSettings settings,
    String compactionWorker,
    String workerTokenFile) {

  /**
   * @throws IllegalArgumentException naming the value when a field is out of range
   */
  public WorkloadSpec {
    if (storeUri == null
        || checkpointRootUri == null
        || openMode == null
        || handleFile == null
        || settings == null
        || compactionWorker == null
        || workerTokenFile == null) {
      throw new IllegalArgumentException(
          "store, checkpoint root, mode, handle file, settings and worker fields are required");
    }
    if (compactionWorker.isEmpty() != workerTokenFile.isEmpty()) {
      throw new IllegalArgumentException(
          "a compaction worker needs a token file and vice versa: '"
              + compactionWorker
              + "', '"
              + workerTokenFile
              + "'");
    }
    if (startOps < 0 || limitOps < startOps) {
      throw new IllegalArgumentException(
          "need 0 <= startOps <= limitOps: " + startOps + ", " + limitOps);
    }
    if (openMode == OpenMode.RESTORE
        ? restoreId < 0 || handleFile.isEmpty()
        : restoreId != -1 || !handleFile.isEmpty()) {
      throw new IllegalArgumentException(
          "restoreId "
              + restoreId
              + " and handle file '"
              + handleFile
              + "' do not fit "
              + openMode);
    }
    if (openMode == OpenMode.FRESH && startOps != 0) {
      throw new IllegalArgumentException("a fresh store starts at op 0, not " + startOps);
    }
    if (firstCheckpointId < 0 || maxCheckpointInterval < 1 || retain < 1) {
      throw new IllegalArgumentException(
          "need firstCheckpointId >= 0, maxCheckpointInterval >= 1, retain >= 1: "
              + firstCheckpointId
              + ", "
              + maxCheckpointInterval
              + ", "
              + retain);
    }
  }

  /** A spec whose store compacts in the workload's own process. */
  public WorkloadSpec(
      String storeUri,
      String checkpointRootUri,
      OpenMode openMode,
      long restoreId,
      String handleFile,
      long workloadSeed,
      long scheduleSeed,
      long startOps,
      long limitOps,
      long firstCheckpointId,
      int maxCheckpointInterval,
      int retain,
      DbSettings settings) {
    this(
        storeUri,
        checkpointRootUri,
        openMode,
        restoreId,
        handleFile,
        workloadSeed,
        scheduleSeed,
        startOps,
        limitOps,
        firstCheckpointId,
        maxCheckpointInterval,
        retain,
        settings,
        "",
        "");
  }

  /** This spec with the store compacting on the worker at {@code uri}, its token in a file. */
  public WorkloadSpec withCompactionWorker(String uri, String tokenFile) {
    return new WorkloadSpec(
        storeUri,
        checkpointRootUri,
        openMode,
        restoreId,
        handleFile,
        workloadSeed,
        scheduleSeed,
        startOps,
        limitOps,
        firstCheckpointId,
        maxCheckpointInterval,
        retain,
        settings,
        uri,
        tokenFile);
  }

  /** Whether the store compacts on a remote worker. */
  public boolean remoteCompaction() {
    return !compactionWorker.isEmpty();
  }

  /** The command-line arguments that {@link #parse} turns back into this spec. */
  public List<String> toArgs() {
    List<String> a = new ArrayList<>();
    a.add("store=" + storeUri);
    a.add("checkpoints=" + checkpointRootUri);
    a.add("open=" + openMode);
    a.add("restoreId=" + restoreId);
    a.add("handle=" + handleFile);
    a.add("seed=" + workloadSeed);
    a.add("schedule=" + scheduleSeed);
    a.add("start=" + startOps);
    a.add("limit=" + limitOps);
    a.add("firstCheckpointId=" + firstCheckpointId);
    a.add("interval=" + maxCheckpointInterval);
    a.add("retain=" + retain);
    a.add("settings=" + settings);
    if (remoteCompaction()) {
      a.add("worker=" + compactionWorker);
      a.add("workerToken=" + workerTokenFile);
    }
    return a;
  }

  /**
   * The spec written by {@link #toArgs}.
   *
   * @throws IllegalArgumentException naming the argument that is missing, unknown or malformed
   */
  public static WorkloadSpec parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value: '" + arg + "'");
      }
      if (m.put(arg.substring(0, eq), arg.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("argument given twice: '" + arg + "'");
      }
    }
    WorkloadSpec spec =
        new WorkloadSpec(
            take(m, "store"),
            take(m, "checkpoints"),
            OpenMode.valueOf(take(m, "open")),
            number(m, "restoreId"),
            take(m, "handle"),
            number(m, "seed"),
            number(m, "schedule"),
            number(m, "start"),
            number(m, "limit"),
            number(m, "firstCheckpointId"),
            (int) number(m, "interval"),
            (int) number(m, "retain"),
            DbSettings.parse(take(m, "settings")),
            m.containsKey("worker") ? take(m, "worker") : "",
            m.containsKey("workerToken") ? take(m, "workerToken") : "");
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments: " + m.keySet());
    }
    return spec;
  }

  private static String take(Map<String, String> m, String key) {
    String v = m.remove(key);
    if (v == null) {
      throw new IllegalArgumentException("missing argument '" + key + "='");
    }
    return v;
  }

  private static long number(Map<String, String> m, String key) {
    String v = take(m, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument '" + key + "' is not a number: '" + v + "'", e);
    }
  }
}
