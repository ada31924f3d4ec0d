package io.sediment.fs.wrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;

/**
 * The output stream of {@link FaultInjectingFileSystem}: holds written bytes until a sync or close
 * hands them to the inner stream, so that a crash can discard exactly what was never synced.
 */
final class CrashableOutputStream extends OutputStream implements Syncable, StreamCapabilities {

  private final FaultInjectingFileSystem owner;
  private final Path path;
  private final FSDataOutputStream inner;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean everSynced;
  private boolean closed;
  private String deadReason;

  CrashableOutputStream(FaultInjectingFileSystem owner, Path path, FSDataOutputStream inner) {
    this.owner = owner;
    this.path = path;
    this.inner = inner;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    checkAlive();
    owner.beforeOp(FsOp.WRITE, path, len);
    int keep = owner.tearFor(path, len);
    if (keep >= 0) {
      pending.write(b, off, keep);
      deadReason = "torn write";
      try {
        pending.writeTo(inner);
        pending.reset();
        inner.hsync();
      } finally {
        closed = true;
        owner.streamFinished(this);
        inner.close();
      }
      throw new IOException(
          "injected torn write: only " + keep + " of " + len + " bytes landed in " + path);
    }
    pending.write(b, off, len);
  }

  @Override
  public void flush() {
    // Plain flush promises nothing about durability; bytes stay pending until a sync.
  }

  @Override
  public void hflush() throws IOException {
    hsync();
  }

  @Override
  public synchronized void hsync() throws IOException {
    checkAlive();
    owner.beforeOp(FsOp.SYNC, path, 0);
    pending.writeTo(inner);
    pending.reset();
    if (inner.hasCapability(StreamCapabilities.HSYNC)) {
      inner.hsync();
    } else {
      inner.flush();
    }
    everSynced = true;
  }

  @Override
  public boolean hasCapability(String capability) {
    // "hflush" spelled out: the constant for it is deprecated.
    return StreamCapabilities.HSYNC.equals(capability) || "hflush".equals(capability);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    if (deadReason != null) {
      closed = true;
      return;
    }
    try {
      owner.beforeOp(FsOp.CLOSE, path, 0);
    } catch (IOException e) {
      // A failed close loses what was never synced, like a crash of this one file.
      crash();
      throw e;
    }
    closed = true;
    owner.streamFinished(this);
    pending.writeTo(inner);
    pending.reset();
    inner.close();
  }

  /** Discards unsynced bytes; removes the file if it was never synced. */
  synchronized void crash() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    deadReason = "file system crashed";
    owner.streamFinished(this);
    pending.reset();
    inner.close();
    if (!everSynced) {
      owner.dropFromInner(path);
    }
  }

  private void checkAlive() throws IOException {
    if (deadReason != null) {
      throw new IOException(deadReason + ": " + path + " can no longer be written");
    }
    if (closed) {
      throw new IOException("stream already closed: " + path);
    }
  }
}
