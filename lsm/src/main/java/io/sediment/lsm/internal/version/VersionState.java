package io.sediment.lsm.internal.version;

/**
 * Everything the manifest records about a store at one point: the live files and the counters.
 *
 * @param version the live files
 * @param nextFileNumber the next unused file number
 * @param lastSequence the highest sequence number reflected by the store
 * @param logNumber oldest write-ahead log still needed (0 when none)
 */
public record VersionState(
    Version version, long nextFileNumber, long lastSequence, long logNumber) {}
