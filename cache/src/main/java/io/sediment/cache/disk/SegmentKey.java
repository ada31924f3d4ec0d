package io.sediment.cache.disk;

import java.util.Objects;

/**
 * Names one cache entry: a remote file and the index of the segment of it the entry holds (always 0
 * for whole files).
 */
record SegmentKey(FileIdentity file, long index) {

  SegmentKey {
    Objects.requireNonNull(file, "file");
    if (index < 0) {
      throw new IllegalArgumentException("negative segment index " + index + " of " + file);
    }
  }
}
