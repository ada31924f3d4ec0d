package io.sediment.cache.disk;

import io.netty.buffer.ByteBuf;
import io.sediment.fs.WritableFile;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A new remote file that is written to the local-disk tier at the same time, so that it is cached
 * from its first read on.
 *
 * <p>Guarantees: the remote file is written exactly as through the plain {@link WritableFile}, and
 * every remote error reaches the caller unchanged. The local copy is best effort: if it fails (disk
 * full, directory gone) or does not fit the budget, it is dropped and the remote write carries on
 * unaffected. The copy becomes cache entries only after the remote file closed successfully.
 *
 * <p>Not thread-safe: one writer, like every {@link WritableFile}.
 */
final class WriteThroughFile implements WritableFile {

  /** Resolves the identity of the remote file once it is closed. */
  @FunctionalInterface
  interface IdentityResolver {
    FileIdentity identify(Path path, long length) throws IOException;
  }

  private static final int BYTEBUF_COPY_BYTES = 64 << 10;

  private final WritableFile remote;
  private final IdentityResolver resolver;
  private final DiskHealth health;
  private final StatsCounters stats;
  private WriteThroughCopy local;
  private boolean closed;

  /**
   * @param local the local side, or null to write to remote only
   */
  WriteThroughFile(
      WritableFile remote,
      WriteThroughCopy local,
      IdentityResolver resolver,
      DiskHealth health,
      StatsCounters stats) {
    this.remote = remote;
    this.local = local;
    this.resolver = resolver;
    this.health = health;
    this.stats = stats;
  }

  @Override
  public Path path() {
    return remote.path();
  }

  @Override
  public long position() {
    return remote.position();
  }

  @Override
  public void write(byte[] src, int offset, int length) throws IOException {
    remoteWrite(() -> remote.write(src, offset, length));
    copyLocally(src, offset, length);
  }

  @Override
  public void write(ByteBuf src) throws IOException {
    remoteWrite(() -> remote.write(src));
    if (local == null) {
      return;
    }
    int length = src.readableBytes();
    byte[] tmp = new byte[Math.min(length, BYTEBUF_COPY_BYTES)];
    for (int done = 0; done < length && local != null; ) {
      int n = Math.min(tmp.length, length - done);
      src.getBytes(src.readerIndex() + done, tmp, 0, n);
      copyLocally(tmp, 0, n);
      done += n;
    }
  }

  /** A remote operation; if it fails, part of it may have reached remote: drop the local copy. */
  @FunctionalInterface
  private interface RemoteOp {
    void run() throws IOException;
  }

  private void remoteWrite(RemoteOp op) throws IOException {
    boolean done = false;
    try {
      op.run();
      done = true;
    } finally {
      if (!done) {
        dropLocal();
      }
    }
  }

  private void copyLocally(byte[] src, int offset, int length) {
    if (local == null) {
      return;
    }
    try {
      if (!local.write(src, offset, length)) {
        stats.admissionsRejected.increment();
        dropLocal();
      }
    } catch (IOException e) {
      health.reportFailure(e);
      dropLocal();
    }
  }

  private void dropLocal() {
    if (local != null) {
      local.abandon();
      local = null;
    }
  }

  /** As the remote file: the local copy needs no durability. */
  @Override
  public boolean syncsDurably() {
    return remote.syncsDurably();
  }

  @Override
  public void sync() throws IOException {
    // The local copy needs no durability: a copy torn by a crash fails its checksums.
    remoteWrite(remote::sync);
  }

  /**
   * Closes the remote file, then publishes the local copy. A remote failure is thrown after the
   * local copy was dropped; a local failure is not thrown.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    long length = remote.position();
    boolean remoteClosed = false;
    try {
      remote.close();
      remoteClosed = true;
    } finally {
      if (!remoteClosed) {
        dropLocal();
      }
    }
    if (local == null) {
      return;
    }
    WriteThroughCopy copy = local;
    local = null;
    FileIdentity identity;
    try {
      identity = resolver.identify(remote.path(), length);
    } catch (IOException e) {
      // The remote file is fine; without its identity the copy cannot be keyed safely.
      copy.abandon();
      return;
    }
    try {
      if (!copy.publish(identity)) {
        stats.admissionsRejected.increment();
      }
    } catch (IOException e) {
      health.reportFailure(e);
    }
  }

  @Override
  public String toString() {
    return "WriteThroughFile[" + remote.path() + "]";
  }
}
