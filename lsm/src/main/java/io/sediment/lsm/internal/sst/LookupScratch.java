package io.sediment.lsm.internal.sst;

/**
 * Per-thread buffers for point lookups, so {@link SstReader#get} allocates nothing: the seek target
 * and a block iterator. A lookup that starts while the thread's scratch is in use (a sink that
 * looks up again) gets a fresh one.
 */
final class LookupScratch {

  private static final ThreadLocal<LookupScratch> PER_THREAD =
      ThreadLocal.withInitial(LookupScratch::new);

  private final BlockIterator iterator = new BlockIterator(true);
  private byte[] target = new byte[64];
  private boolean inUse;

  static LookupScratch acquire() {
    LookupScratch s = PER_THREAD.get();
    if (s.inUse) {
      return new LookupScratch();
    }
    s.inUse = true;
    return s;
  }

  void release() {
    inUse = false;
  }

  BlockIterator iterator() {
    return iterator;
  }

  /** A buffer of at least {@code length} bytes for the seek target. */
  byte[] target(int length) {
    if (target.length < length) {
      target = new byte[Math.max(length, 2 * target.length)];
    }
    return target;
  }
}
