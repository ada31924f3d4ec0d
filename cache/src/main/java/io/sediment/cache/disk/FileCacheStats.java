package io.sediment.cache.disk;

/**
 * A point-in-time snapshot of a {@link LocalFileCache}'s counters. Counters only grow over the life
 * of the cache object; {@code usedBytes}, {@code entries} and {@code enabled} are current values.
 *
 * <p>A lookup is one cache unit (segment or whole file) touched by one read: a read spanning two
 * segments is two lookups.
 *
 * @param hits lookups served from a verified local copy
 * @param misses lookups that had to go to remote (absent, corrupt, or the cache disabled)
 * @param bytesReadLocal bytes handed to callers from local copies
 * @param bytesReadRemote bytes read from the remote file system, including whole segments or files
 *     fetched to be admitted
 * @param admissions entries added (on-demand loads and write-throughs)
 * @param admissionsRejected would-be entries not added: refused by the frequency filter, or no room
 *     because everything left is still being written
 * @param evictions entries removed to make room (not counting invalidation or corruption)
 * @param corruptionsDetected cached copies that failed checksum verification and were discarded
 * @param fallbacks times a local-disk failure disabled the cache
 * @param reenabled times a disabled cache found its directory usable again
 * @param usedBytes bytes charged against the budget now: resident entries plus admissions in flight
 * @param capacityBytes the budget
 * @param entries resident entries now
 * @param enabled whether the local disk is in use now
 */
public record FileCacheStats(
    long hits,
    long misses,
    long bytesReadLocal,
    long bytesReadRemote,
    long admissions,
    long admissionsRejected,
    long evictions,
    long corruptionsDetected,
    long fallbacks,
    long reenabled,
    long usedBytes,
    long capacityBytes,
    int entries,
    boolean enabled) {}
