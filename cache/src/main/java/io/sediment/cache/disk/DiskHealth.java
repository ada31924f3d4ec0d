package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the local directory is usable, and when to look again after it was not.
 *
 * <p>Any local failure (directory gone, not writable, disk full) {@linkplain #reportFailure
 * disables} the cache: from then on reads and writes go straight to remote, and callers never see
 * the local error. While disabled, {@link #isEnabled()} probes the directory at most once per
 * recheck interval of the injected clock, by creating it if needed and writing and deleting a small
 * file; on success the cache is enabled again and the recovery action runs (it forgets entries
 * whose files vanished).
 *
 * <p>Thread-safe. The enabled flag is volatile, so the common path costs one read; probing is
 * serialized.
 */
final class DiskHealth {

  private static final Logger LOG = LoggerFactory.getLogger(DiskHealth.class);

  private final Path dir;
  private final Clock clock;
  private final long recheckMillis;
  private final StatsCounters stats;
  private final Runnable onRecovery;
  private volatile boolean enabled = true;
  private long lastProbeMillis;

  DiskHealth(Path dir, Clock clock, long recheckMillis, StatsCounters stats, Runnable onRecovery) {
    this.dir = dir;
    this.clock = clock;
    this.recheckMillis = recheckMillis;
    this.stats = stats;
    this.onRecovery = onRecovery;
  }

  /** Whether the cache may use the local disk now; may probe a disabled directory. */
  boolean isEnabled() {
    if (enabled) {
      return true;
    }
    return probeIfDue();
  }

  /** Current state without probing. */
  boolean enabledNow() {
    return enabled;
  }

  /** Disables the cache after a local failure; counted once per transition. */
  synchronized void reportFailure(IOException cause) {
    if (enabled) {
      enabled = false;
      stats.fallbacks.increment();
      LOG.warn(
          "file cache in {} disabled after a local failure, reads go to the remote file system"
              + " until a probe succeeds: {}",
          dir,
          cause == null ? "unknown" : cause.getMessage());
    }
    lastProbeMillis = clock.millis();
  }

  private synchronized boolean probeIfDue() {
    if (enabled) {
      return true;
    }
    long now = clock.millis();
    if (now - lastProbeMillis < recheckMillis) {
      return false;
    }
    lastProbeMillis = now;
    if (!probe()) {
      return false;
    }
    onRecovery.run();
    enabled = true;
    stats.reenabled.increment();
    LOG.info("file cache in {} enabled again: the directory is usable", dir);
    return true;
  }

  /** Checks the directory by creating, writing and deleting a file in it. */
  boolean probe() {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, EntryFormat.TEMP_PREFIX, EntryFormat.TEMP_SUFFIX);
      try {
        Files.write(probe, new byte[] {1});
      } finally {
        Files.deleteIfExists(probe);
      }
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
