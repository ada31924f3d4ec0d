package io.sediment.fs.wrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * An input stream that reports every read call to its {@link InterceptingFileSystem}. Of the stream
 * capabilities it declares only vectored reads, and only where its file system serves them
 * concurrently ({@link InterceptingFileSystem#overlapsVectoredReads()}): the inner stream's other
 * capabilities name interfaces this stream does not implement.
 */
final class InterceptedInputStream extends FSInputStream implements StreamCapabilities {

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
  public void readVectored(List<? extends FileRange> ranges, IntFunction<ByteBuffer> allocate)
      throws IOException {
    owner.readVectored(path, in, ranges, allocate);
  }

  @Override
  public void readVectored(
      List<? extends FileRange> ranges,
      IntFunction<ByteBuffer> allocate,
      Consumer<ByteBuffer> release)
      throws IOException {
    owner.readVectored(path, in, ranges, allocate);
  }

  @Override
  public boolean hasCapability(String capability) {
    return StreamCapabilities.VECTOREDIO.equals(capability) && owner.overlapsVectoredReads();
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
