package io.sediment.fs.wrap;

import io.sediment.fs.HadoopFileSystems;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options.ChecksumOpt;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A {@link FilterFileSystem} that reports every operation Sediment uses to two hooks, before and
 * after it runs; the latency, fault and counting wrappers are small subclasses.
 *
 * <p>Two ways to build one:
 *
 * <ul>
 *   <li>As a decorator: pass any open {@link FileSystem} to the subclass's constructor and hand the
 *       result to {@link io.sediment.fs.FileSystemView#wrap}. Closing the wrapper closes the
 *       wrapped file system.
 *   <li>By URI: Hadoop instantiates the subclass through its public no-argument constructor for a
 *       composite scheme such as {@code latency+hdfs://nn:8020/db}, and {@link #initialize} opens
 *       the inner URI ({@code hdfs://nn:8020/db}); see {@link WrapperSchemes}.
 * </ul>
 *
 * <p>Either way the wrapper presents the inner file system's URI and paths unchanged (it only
 * watches), so paths it returns can be handed straight back to it.
 *
 * <p>Covered: {@code open}, the {@code create} family (with {@link #createIfAbsent}, the
 * conditional create of object stores), {@code getFileStatus} (and so {@code exists}), {@code
 * listStatus} and the listing iterators, {@code delete}, {@code mkdirs}, {@code rename}, and every
 * read, write, {@code hflush}/{@code hsync} and close on the streams these return. Other calls
 * (append, xattrs, snapshots, the {@code openFile} and {@code createFile} builders) pass through
 * unobserved; {@link io.sediment.fs.FileSystemView} uses none of them.
 */
public abstract class InterceptingFileSystem extends FilterFileSystem {

  /** For Hadoop's reflective construction by scheme; {@link #initialize} opens the inner FS. */
  protected InterceptingFileSystem() {}

  /** Decorates an open file system. */
  protected InterceptingFileSystem(FileSystem inner) {
    super(checkInner(inner));
    setConf(inner.getConf() == null ? new Configuration() : inner.getConf());
  }

  private static FileSystem checkInner(FileSystem inner) {
    if (inner == null) {
      throw new IllegalArgumentException("wrapped file system must not be null");
    }
    return inner;
  }

  /**
   * Called before each operation; throwing fails it.
   *
   * @param bytes the bytes a write carries or a read asks for; 0 for other operations
   */
  protected abstract void beforeOp(FsOp op, Path path, long bytes) throws IOException;

  /**
   * Called after each successful operation.
   *
   * @param bytes the bytes actually read or written; 0 for other operations
   */
  protected abstract void afterOp(FsOp op, Path path, long bytes) throws IOException;

  /**
   * A vectored read of {@code ranges} on {@code in}, a stream of {@code path}: reported as one
   * {@link FsOp#READ} carrying all the ranges' bytes (one request, as an object store serves it),
   * then each range read in turn and its future completed before this returns, as Hadoop's own
   * default does. Subclasses that model a store serving the ranges together override this and
   * {@link #overlapsVectoredReads()}.
   */
  protected void readVectored(
      Path path,
      FSDataInputStream in,
      List<? extends FileRange> ranges,
      IntFunction<ByteBuffer> allocate)
      throws IOException {
    long bytes = VectoredReads.totalBytes(ranges);
    beforeOp(FsOp.READ, path, bytes);
    if (VectoredReads.readInline(in, ranges, allocate)) {
      afterOp(FsOp.READ, path, bytes);
    }
  }

  /**
   * Whether this file system's streams serve a vectored read concurrently; what they declare as
   * {@link org.apache.hadoop.fs.StreamCapabilities#VECTOREDIO}. False: {@link #readVectored} reads
   * the ranges one by one.
   */
  protected boolean overlapsVectoredReads() {
    return false;
  }

  /** Reads the subclass's settings from the configuration when constructed by scheme. */
  protected void configure(Configuration conf) throws IOException {}

  /** Wraps a stream returned by the inner create; subclasses may model durability differently. */
  protected FSDataOutputStream wrapOutput(Path path, FSDataOutputStream inner) throws IOException {
    return new FSDataOutputStream(new InterceptedOutputStream(this, path, inner), null);
  }

  /** The wrapped file system. */
  public FileSystem inner() {
    return fs;
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    if (fs == null) {
      URI innerUri = WrapperSchemes.innerUri(name);
      fs = HadoopFileSystems.newInstance(innerUri, conf);
      setConf(conf);
      configure(conf);
    }
    // Initialized with the inner URI so that FilterFileSystem does not swap schemes: the wrapper
    // speaks the inner file system's paths.
    super.initialize(fs.getUri(), conf);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    beforeOp(FsOp.OPEN, f, 0);
    FSDataInputStream in = fs.open(f, bufferSize);
    afterOp(FsOp.OPEN, f, 0);
    return new FSDataInputStream(new InterceptedInputStream(this, f, in));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    beforeOp(FsOp.CREATE, f, 0);
    FSDataOutputStream out =
        fs.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    afterOp(FsOp.CREATE, f, 0);
    return wrapOutput(f, out);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress,
      ChecksumOpt checksumOpt)
      throws IOException {
    beforeOp(FsOp.CREATE, f, 0);
    FSDataOutputStream out =
        fs.create(f, permission, flags, bufferSize, replication, blockSize, progress, checksumOpt);
    afterOp(FsOp.CREATE, f, 0);
    return wrapOutput(f, out);
  }

  /**
   * Create-if-absent through the wrapped file system's own mechanism (a conditional upload on an
   * object store), observed as a {@link FsOp#CREATE}; see {@link
   * io.sediment.fs.HadoopFileSystems#createIfAbsent}.
   *
   * @throws IOException as the wrapped file system's create
   */
  public FSDataOutputStream createIfAbsent(Path f, int bufferSize) throws IOException {
    beforeOp(FsOp.CREATE, f, 0);
    FSDataOutputStream out = HadoopFileSystems.createIfAbsent(fs, f, bufferSize);
    afterOp(FsOp.CREATE, f, 0);
    return wrapOutput(f, out);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    beforeOp(FsOp.CREATE, f, 0);
    FSDataOutputStream out =
        fs.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress);
    afterOp(FsOp.CREATE, f, 0);
    return wrapOutput(f, out);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    beforeOp(FsOp.GET_FILE_STATUS, f, 0);
    FileStatus status = fs.getFileStatus(f);
    afterOp(FsOp.GET_FILE_STATUS, f, 0);
    return status;
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    beforeOp(FsOp.LIST, f, 0);
    FileStatus[] statuses = fs.listStatus(f);
    afterOp(FsOp.LIST, f, 0);
    return statuses;
  }

  @Override
  public RemoteIterator<FileStatus> listStatusIterator(Path f) throws IOException {
    beforeOp(FsOp.LIST, f, 0);
    RemoteIterator<FileStatus> it = fs.listStatusIterator(f);
    afterOp(FsOp.LIST, f, 0);
    return it;
  }

  @Override
  public RemoteIterator<LocatedFileStatus> listLocatedStatus(Path f)
      throws FileNotFoundException, IOException {
    beforeOp(FsOp.LIST, f, 0);
    RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(f);
    afterOp(FsOp.LIST, f, 0);
    return it;
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    beforeOp(FsOp.DELETE, f, 0);
    boolean deleted = fs.delete(f, recursive);
    afterOp(FsOp.DELETE, f, 0);
    return deleted;
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    beforeOp(FsOp.MKDIRS, f, 0);
    boolean made = fs.mkdirs(f, permission);
    afterOp(FsOp.MKDIRS, f, 0);
    return made;
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    beforeOp(FsOp.MKDIRS, f, 0);
    boolean made = fs.mkdirs(f);
    afterOp(FsOp.MKDIRS, f, 0);
    return made;
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    beforeOp(FsOp.RENAME, src, 0);
    boolean renamed = fs.rename(src, dst);
    afterOp(FsOp.RENAME, src, 0);
    return renamed;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + fs + "]";
  }
}
