package io.sediment.jmh;

import io.sediment.stream.ExecutionMode;

/**
 * One configuration of the stream benchmark ({@link StreamBench}): how the controller runs the
 * records (inline or asynchronously), which file system holds the state, and how much memory and
 * local disk the store may use.
 *
 * <ul>
 *   <li>{@link #SYNC_LOCAL}: the baseline, a local store: the local disk without latency, a block
 *       cache of a tenth of the state, no file cache (the state is already local).
 *   <li>{@link #ASYNC_REMOTE}: the stream layer's case, state on remote storage ({@code
 *       latency+file://}, 1 ms for every file-system operation) behind both tiers, the block cache
 *       and the local-disk file cache, each a tenth of the state.
 *   <li>{@link #SYNC_REMOTE}: the same remote store run inline: each record waits for its read.
 *   <li>{@link #SYNC_CACHED} and {@link #ASYNC_CACHED}: a local store whose block cache holds the
 *       whole state, the two modes side by side: what the asynchronous machinery costs when there
 *       is nothing to wait for.
 * </ul>
 */
enum StreamConfig {
  SYNC_LOCAL(ExecutionMode.SYNC, FsKind.FILE, false),
  ASYNC_REMOTE(ExecutionMode.ASYNC, FsKind.LATENCY, false),
  SYNC_REMOTE(ExecutionMode.SYNC, FsKind.LATENCY, false),
  SYNC_CACHED(ExecutionMode.SYNC, FsKind.FILE, true),
  ASYNC_CACHED(ExecutionMode.ASYNC, FsKind.FILE, true);

  final ExecutionMode mode;
  final FsKind fs;

  /** Whether the block cache is sized to hold the whole state (else a tenth of it). */
  final boolean cached;

  StreamConfig(ExecutionMode mode, FsKind fs, boolean cached) {
    this.mode = mode;
    this.fs = fs;
    this.cached = cached;
  }

  /** Whether the store gets the local-disk file cache: only a remote one does. */
  boolean fileCache() {
    return fs == FsKind.LATENCY;
  }
}
