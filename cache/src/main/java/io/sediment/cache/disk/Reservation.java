package io.sediment.cache.disk;

/**
 * Budget bytes held by an admission in flight: counted as used from the moment they are reserved,
 * so that the bytes on disk (resident entries plus files still being written) never exceed the
 * capacity. Released into an entry when it is published, or back to the budget when the admission
 * is abandoned.
 *
 * <p>Fields are guarded by the {@link CacheIndex} lock.
 */
final class Reservation {

  final String remotePath;
  long bytes;
  boolean cancelled;

  Reservation(String remotePath, long bytes) {
    this.remotePath = remotePath;
    this.bytes = bytes;
  }
}
