package io.sediment.fs.wrap;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;

/** An input stream that reports every read call to its {@link InterceptingFileSystem}. */
final class InterceptedInputStream extends FSInputStream {

  private final InterceptingFileSystem owner;
  private final Path path;
  private final FSDataInputStream in;

  InterceptedInputStream(InterceptingFileSystem owner, Path path, FSDataInputStream in) {
    this.owner = owner;
    this.path = path;
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    owner.beforeOp(FsOp.READ, path, 1);
    int b = in.read();
    owner.afterOp(FsOp.READ, path, b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    owner.beforeOp(FsOp.READ, path, len);
    int n = in.read(b, off, len);
    owner.afterOp(FsOp.READ, path, Math.max(n, 0));
    return n;
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    owner.beforeOp(FsOp.READ, path, length);
    int n = in.read(position, buffer, offset, length);
    owner.afterOp(FsOp.READ, path, Math.max(n, 0));
    return n;
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    owner.beforeOp(FsOp.READ, path, length);
    in.readFully(position, buffer, offset, length);
    owner.afterOp(FsOp.READ, path, length);
  }

  @Override
  public void seek(long pos) throws IOException {
    in.seek(pos);
  }

  @Override
  public long getPos() throws IOException {
    return in.getPos();
  }

  @Override
  public boolean seekToNewSource(long targetPos) throws IOException {
    return in.seekToNewSource(targetPos);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
