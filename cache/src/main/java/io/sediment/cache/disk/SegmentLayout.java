package io.sediment.cache.disk;

/**
 * How a remote file is cut into cache units under the configured {@link Granularity}: one unit for
 * the whole file, or consecutive segments of a fixed size (the last one shorter).
 */
final class SegmentLayout {

  private final long segmentBytes;

  SegmentLayout(FileCacheOptions options) {
    this.segmentBytes =
        options.granularity() == Granularity.WHOLE_FILE ? Long.MAX_VALUE : options.segmentBytes();
  }

  /** Index of the unit holding remote byte {@code position}. */
  long indexOf(long position) {
    return position / segmentBytes;
  }

  /** Remote position of the first byte of unit {@code index}. */
  long offsetOf(long index) {
    return index == 0 ? 0 : index * segmentBytes;
  }

  /** Length of unit {@code index} of {@code file}. */
  long lengthOf(FileIdentity file, long index) {
    return Math.min(segmentBytes, file.length() - offsetOf(index));
  }

  /** Maximum length of one unit ({@link Long#MAX_VALUE} for whole files). */
  long maxUnitBytes() {
    return segmentBytes;
  }

  /**
   * Whether {@code entry} is a unit of this layout: right offset and length for its index. Entries
   * written under another granularity or segment size are not, and are discarded at open.
   */
  boolean matches(CacheEntry entry) {
    FileIdentity file = entry.key().file();
    long index = entry.key().index();
    boolean beyondEnd =
        index > 0 && (segmentBytes == Long.MAX_VALUE || index > (file.length() - 1) / segmentBytes);
    if (beyondEnd) {
      return false;
    }
    return entry.offset() == offsetOf(index)
        && entry.dataLength() > 0
        && entry.dataLength() == lengthOf(file, index);
  }
}
