/**
 * The local-disk tier of Sediment's tiered reads: {@link io.sediment.cache.disk.LocalFileCache}.
 *
 * <h2>Shape</h2>
 *
 * <p>The engine reads files through {@link io.sediment.fs.ReadableFile}; the cache hands back a
 * {@code ReadableFile} of the same contract whose reads are split into cache units (a whole file,
 * or fixed-size segments of it, per {@link io.sediment.cache.disk.Granularity}). Each unit is
 * served from a local copy if one is resident and verifies, and otherwise from remote, with the
 * unit copied into the cache in the background ({@code UnitLoader}) if admission lets it in: a read
 * never waits for a copy. New files can instead be written through the cache, so they are resident
 * before their first read.
 *
 * <h2>One entry, one file</h2>
 *
 * <p>A unit's copy is one local file: the data, then a trailer with the remote identity and a
 * CRC32C per checksum chunk, then a fixed footer (see {@code EntryFormat}). It is written under a
 * temporary name and renamed into place complete, so the directory only ever holds complete entries
 * and leftovers recognisable by name. That is what lets the scan at open rebuild the index from the
 * directory alone, without a journal.
 *
 * <h2>Budget and admission</h2>
 *
 * <p>All bookkeeping sits in {@code CacheIndex} under one lock: the recency list (LRU, promoted on
 * every hit), the per-path sets used by invalidation, and the byte count. Bytes are reserved before
 * a copy is written and released after a file is deleted, so the directory never holds more than
 * the budget. When a read miss would evict something, {@code TinyLfuAdmission} compares the
 * candidate's recent access count (from an aging count-min {@code FrequencySketch}) with its
 * victims' and admits it only if it is more popular than each of them; this keeps a scan of cold
 * files from flushing the working set. Write-through is admitted without that comparison.
 *
 * <h2>Failure</h2>
 *
 * <p>Local failures are never the caller's problem. {@code DiskHealth} turns the first one into a
 * disabled cache (reads and writes go to remote) and re-probes the directory at most once per
 * recheck interval of an injected clock. Checksum mismatches discard the one entry and fall back to
 * remote for that read.
 */
package io.sediment.cache.disk;
