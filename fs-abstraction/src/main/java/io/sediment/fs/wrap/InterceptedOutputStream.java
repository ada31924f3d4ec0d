package io.sediment.fs.wrap;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;

/**
 * An output stream that reports every write, sync and close to its {@link InterceptingFileSystem}.
 * It keeps the inner stream's capabilities, so {@code hsync} stays a real {@code hsync} where the
 * inner file system has one.
 */
final class InterceptedOutputStream extends OutputStream implements Syncable, StreamCapabilities {

  private final InterceptingFileSystem owner;
  private final Path path;
  private final FSDataOutputStream out;

  InterceptedOutputStream(InterceptingFileSystem owner, Path path, FSDataOutputStream out) {
    this.owner = owner;
    this.path = path;
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    owner.beforeOp(FsOp.WRITE, path, 1);
    out.write(b);
    owner.afterOp(FsOp.WRITE, path, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    owner.beforeOp(FsOp.WRITE, path, len);
    out.write(b, off, len);
    owner.afterOp(FsOp.WRITE, path, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void hflush() throws IOException {
    owner.beforeOp(FsOp.SYNC, path, 0);
    out.hflush();
    owner.afterOp(FsOp.SYNC, path, 0);
  }

  @Override
  public void hsync() throws IOException {
    owner.beforeOp(FsOp.SYNC, path, 0);
    out.hsync();
    owner.afterOp(FsOp.SYNC, path, 0);
  }

  @Override
  public boolean hasCapability(String capability) {
    return out.hasCapability(capability);
  }

  @Override
  public void close() throws IOException {
    owner.beforeOp(FsOp.CLOSE, path, 0);
    out.close();
    owner.afterOp(FsOp.CLOSE, path, 0);
  }
}
