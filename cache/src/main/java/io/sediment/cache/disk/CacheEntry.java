package io.sediment.cache.disk;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One complete, published entry: the local file holding a copy of bytes {@code [offset, offset +
 * dataLength)} of a remote file, followed by its checksum trailer.
 *
 * <p>Immutable. An entry object is only ever created for a file that was fully written and moved
 * into place (or, at open, for one whose trailer checked out), so a reader holding it never sees a
 * half-written file; the file may still be evicted underneath it, which the reader treats as a
 * miss.
 *
 * @param key which remote file and segment
 * @param file the local file
 * @param offset position of the first cached byte in the remote file
 * @param dataLength number of cached bytes, stored at the start of the local file
 * @param chunkBytes checksum chunk size
 * @param crcs CRC32C of each chunk of the data, in order
 * @param diskBytes size of the local file (data plus trailer), what the entry costs the budget
 */
record CacheEntry(
    SegmentKey key,
    Path file,
    long offset,
    long dataLength,
    int chunkBytes,
    int[] crcs,
    long diskBytes) {

  CacheEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(crcs, "crcs");
  }

  /** Remote path of the file this entry belongs to. */
  String remotePath() {
    return key.file().path();
  }
}
