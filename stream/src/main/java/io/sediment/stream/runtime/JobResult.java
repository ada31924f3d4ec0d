package io.sediment.stream.runtime;

import java.util.OptionalLong;

/**
 * How a run of a job ended (it read all its input and committed its output).
 *
 * @param attempt the run's number
 * @param restoredFrom the checkpoint the run restored from; empty for a fresh start
 * @param checkpointsCompleted checkpoints this run completed (the final one included)
 * @param lastCheckpoint the id of the last of them
 */
public record JobResult(
    long attempt, OptionalLong restoredFrom, long checkpointsCompleted, long lastCheckpoint) {}
