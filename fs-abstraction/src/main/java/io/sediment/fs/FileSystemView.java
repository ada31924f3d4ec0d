package io.sediment.fs;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one view through which Sediment touches files, over any Hadoop {@link FileSystem}.
 *
 * <p>It offers only what works the same on a local disk, HDFS and object stores: write-once files
 * created if absent, positional reads, size, delete and listing. It never appends, never overwrites
 * and never relies on rename. Names handed to {@link #resolve(String)} are single path components;
 * physical files elsewhere (a checkpoint directory, another store) are addressed by full {@link
 * Path}.
 *
 * <p>Thread-safe. Each view owns its own Hadoop file-system instance (not the JVM-wide cached one),
 * so closing a view never disturbs another user of the same URI.
 */
public final class FileSystemView implements Closeable {

  /**
   * Hadoop configuration key: the most input streams a view keeps open between reads, across all
   * the files it has open (default {@value IdleStreams#DEFAULT_LIMIT}; 0 closes each stream after
   * its read). Each idle stream holds a file descriptor on a local file system and may hold a
   * pooled connection on an object store, so processes with many views may want fewer.
   */
  /**
   * A URI scheme at the start of a location (RFC 3986), e.g. {@code file:} or {@code
   * latency+hdfs:}.
   */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

  public static final String IDLE_READ_STREAMS_KEY = "sediment.fs.read.idle-streams";

  private final FileSystem fs;
  private final Path root;
  private final boolean ownsFileSystem;

  /** Streams kept open between reads, shared by every file this view opens for reads. */
  private final IdleStreams idleStreams;

  private FileSystemView(FileSystem fs, Path root, boolean ownsFileSystem, int idleStreamLimit) {
    this.fs = fs;
    this.root = root;
    this.ownsFileSystem = ownsFileSystem;
    this.idleStreams = new IdleStreams(idleStreamLimit);
  }

  /**
   * The idle-stream bound {@code conf} sets.
   *
   * @throws IllegalArgumentException naming the key and value if it is not a non-negative integer
   */
  private static int idleStreamLimit(Configuration conf) {
    String value = conf == null ? null : conf.getTrimmed(IDLE_READ_STREAMS_KEY);
    if (value == null || value.isEmpty()) {
      return IdleStreams.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 0) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the key
    }
    throw new IllegalArgumentException(
        IDLE_READ_STREAMS_KEY + " must be a non-negative integer: '" + value + "'");
  }

  /**
   * Opens the file system that serves {@code uri} and roots the view at it, creating the directory
   * if it does not exist.
   *
   * <p>Besides every Hadoop scheme, composite schemes select the test wrappers: {@code
   * latency+file:///tmp/db}, {@code faulty+hdfs://nn:8020/db}, {@code counting+latency+hdfs://...}
   * (see {@link io.sediment.fs.wrap.WrapperSchemes}). {@code file:} URIs use an {@link
   * ExclusiveLocalFileSystem}.
   *
   * @param uri any Hadoop file-system URI, e.g. {@code file:///tmp/db} or {@code
   *     hdfs://nn:8020/db}, or a plain local path such as {@code /tmp/db} or {@code data/db} (see
   *     {@link #toUri})
   * @param conf Hadoop configuration; {@code null} means a default one
   * @throws IllegalArgumentException if the URI is null, empty or malformed, or {@link
   *     #IDLE_READ_STREAMS_KEY} is set to something other than a non-negative integer
   * @throws IOException naming the URI if no file system serves its scheme, it cannot be reached,
   *     or the root directory cannot be created (for instance for lack of permission)
   */
  public static FileSystemView open(String uri, Configuration conf) throws IOException {
    return open(toUri(uri), conf);
  }

  /**
   * Parses a file-system location: a URI with a scheme ({@code file:///tmp/db}, {@code
   * hdfs://nn:8020/db}, a wrapper scheme), or a plain local path with none ({@code /tmp/db}, {@code
   * data/db}), which becomes the {@code file:} URI of its absolute, normalized form (a relative
   * path is resolved against the working directory).
   *
   * @throws IllegalArgumentException if {@code location} is null or blank, or has a scheme but is
   *     not a valid URI
   */
  public static URI toUri(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("file-system URI must not be empty: '" + location + "'");
    }
    if (!SCHEME.matcher(location).lookingAt()) {
      try {
        return Paths.get(location).toAbsolutePath().normalize().toUri();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("malformed local path: '" + location + "'", e);
      }
    }
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed file-system URI: '" + location + "'", e);
    }
  }

  /** As {@link #open(String, Configuration)}. */
  public static FileSystemView open(URI uri, Configuration conf) throws IOException {
    return open(uri, conf, true);
  }

  /**
   * Opens a view of the directory {@code uri} names, which must exist: unlike {@link #open(String,
   * Configuration)} it creates nothing, so readers that must leave a directory as they found it
   * (inspection tools) can use it on a path that may be mistyped.
   *
   * @throws IllegalArgumentException as {@link #open(String, Configuration)}
   * @throws FileNotFoundException naming the URI if nothing exists there
   * @throws IOException naming the URI if it is a file, or the file system cannot be reached
   */
  public static FileSystemView openExisting(String uri, Configuration conf) throws IOException {
    return open(toUri(uri), conf, false);
  }

  private static FileSystemView open(URI uri, Configuration conf, boolean create)
      throws IOException {
    if (uri == null) {
      throw new IllegalArgumentException("file-system URI must not be null");
    }
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException(
          "file-system URI needs a scheme such as file:// or hdfs://: '" + uri + "'");
    }
    if (uri.isOpaque()) {
      throw new IllegalArgumentException(
          "file-system URI must be hierarchical, e.g. file:///dir rather than file:dir: '"
              + uri
              + "'");
    }
    int idleStreamLimit = idleStreamLimit(conf);
    FileSystem fs = HadoopFileSystems.newInstance(uri, conf);
    try {
      // Qualify only the path part: composite wrapper schemes present the inner scheme's paths.
      String rawPath = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      Path root = fs.makeQualified(new Path(null, null, rawPath));
      if (create) {
        mkdirsOrThrow(fs, root, uri);
      } else {
        checkDirectory(fs, root, uri);
      }
      return new FileSystemView(fs, root, true, idleStreamLimit);
    } catch (IOException | RuntimeException e) {
      fs.close();
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      throw new IOException("cannot open " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Wraps an already open Hadoop file system (for instance a decorator from {@link
   * io.sediment.fs.wrap}) without taking ownership of it: {@link #close()} leaves it open. The root
   * directory is created if absent.
   *
   * <p>Note that Hadoop's own local file systems have no atomic create-if-absent; wrap an {@link
   * ExclusiveLocalFileSystem} (or obtain one from {@link HadoopFileSystems}) for local disks.
   *
   * @throws IllegalArgumentException if fs or root is null, or the file system's configuration sets
   *     {@link #IDLE_READ_STREAMS_KEY} to something other than a non-negative integer
   * @throws IOException naming the root if it cannot be created
   */
  public static FileSystemView wrap(FileSystem fs, Path root) throws IOException {
    if (fs == null || root == null) {
      throw new IllegalArgumentException(
          "file system and root must not be null: " + fs + ", " + root);
    }
    int idleStreamLimit = idleStreamLimit(fs.getConf());
    Path qualified = fs.makeQualified(root);
    mkdirsOrThrow(fs, qualified, qualified.toUri());
    return new FileSystemView(fs, qualified, false, idleStreamLimit);
  }

  private static void checkDirectory(FileSystem fs, Path dir, URI named) throws IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(dir);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(named + " does not exist");
    } catch (IOException e) {
      throw new IOException("cannot read " + named + ": " + e.getMessage(), e);
    }
    if (!status.isDirectory()) {
      throw new IOException(named + " is a file, not a directory");
    }
  }

  private static void mkdirsOrThrow(FileSystem fs, Path dir, URI named) throws IOException {
    boolean made;
    try {
      made = fs.mkdirs(dir);
    } catch (IOException e) {
      throw new IOException("cannot create directory " + named + ": " + e.getMessage(), e);
    }
    if (!made) {
      throw new IOException(
          "cannot create directory " + named + " (a file is in the way or permission is denied)");
    }
  }

  /** The qualified directory this view is rooted at. */
  public Path root() {
    return root;
  }

  /** The underlying Hadoop file system. */
  public FileSystem hadoopFileSystem() {
    return fs;
  }

  /** Path of {@code name} directly under the root. */
  public Path resolve(String name) {
    return resolve(root, name);
  }

  /**
   * Path of {@code name} directly under {@code dir}.
   *
   * @throws IllegalArgumentException if name is null, empty, "." or "..", or contains '/', '\\' or
   *     ':' (names are single components: that keeps every file inside the directory it belongs to)
   */
  public static Path resolve(Path dir, String name) {
    checkPath(dir);
    checkName(name);
    return new Path(dir, name);
  }

  /** Validates a single path component; see {@link #resolve(Path, String)}. */
  public static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("file name must not be empty: '" + name + "'");
    }
    if (name.equals(".") || name.equals("..") || name.contains("..")) {
      throw new IllegalArgumentException("file name must not contain '..': '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c == ':' || c < 0x20) {
        throw new IllegalArgumentException(
            "file name must be a single path component without '/', '\\\\', ':' or control"
                + " characters: '"
                + name
                + "'");
      }
    }
  }

  /**
   * Buffer of a file being written. Larger than Hadoop's 4 KiB default: SSTs are written a block at
   * a time, and a small buffer turns every block into a system call (or an RPC packet).
   */
  static final int WRITE_BUFFER_BYTES = 64 << 10;

  /**
   * Creates a new file for writing, failing if it already exists (create-if-absent: of two
   * concurrent creators of one name exactly one succeeds, on HDFS, on a local disk and on object
   * stores with conditional writes such as S3). Missing parent directories are created.
   *
   * <p>On an object store the loser may learn it only when it closes the file: {@link
   * WritableFile#close()} then throws {@link FileAlreadyExistsException} and the winner's content
   * stays; see {@link HadoopFileSystems#createIfAbsent}.
   *
   * @throws IllegalArgumentException if path is null
   * @throws FileAlreadyExistsException naming the path if it exists
   * @throws IOException naming the path on any other failure (permission, I/O)
   */
  public WritableFile create(Path path) throws IOException {
    checkPath(path);
    FSDataOutputStream out;
    try {
      out = HadoopFileSystems.createIfAbsent(fs, path, WRITE_BUFFER_BYTES);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      if (existsQuietly(path)) {
        FileAlreadyExistsException exists =
            new FileAlreadyExistsException(path + " already exists");
        exists.initCause(e);
        throw exists;
      }
      throw new IOException("cannot create " + path + ": " + e.getMessage(), e);
    }
    return new HadoopWritableFile(path, out);
  }

  private boolean existsQuietly(Path path) {
    try {
      return fs.exists(path);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Opens an existing file for positional reads. The returned file pools its streams; close it.
   *
   * @throws IllegalArgumentException if path is null
   * @throws FileNotFoundException naming the path if it does not exist or is a directory
   * @throws IOException naming the path on any other failure
   */
  public ReadableFile openRead(Path path) throws IOException {
    FileStatus status = fileStatus(path);
    return new HadoopReadableFile(fs, path, status.getLen(), idleStreams);
  }

  /**
   * Size in bytes of an existing file.
   *
   * @throws IllegalArgumentException if path is null
   * @throws FileNotFoundException naming the path if it does not exist or is a directory
   * @throws IOException naming the path on any other failure
   */
  public long size(Path path) throws IOException {
    return fileStatus(path).getLen();
  }

  private FileStatus fileStatus(Path path) throws IOException {
    checkPath(path);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      FileNotFoundException named = new FileNotFoundException("no such file: " + path);
      named.initCause(e);
      throw named;
    } catch (IOException e) {
      throw new IOException("cannot access " + path + ": " + e.getMessage(), e);
    }
    if (status.isDirectory()) {
      throw new FileNotFoundException("not a file but a directory: " + path);
    }
    return status;
  }

  /**
   * Whether a file or directory exists at {@code path}.
   *
   * @throws IllegalArgumentException if path is null
   * @throws IOException naming the path if the file system cannot tell (permission, I/O)
   */
  public boolean exists(Path path) throws IOException {
    checkPath(path);
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new IOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a file (or an empty directory).
   *
   * @return true if it existed and was deleted, false if it did not exist
   * @throws IllegalArgumentException if path is null
   * @throws IOException naming the path on failure (permission, a non-empty directory, I/O)
   */
  public boolean delete(Path path) throws IOException {
    checkPath(path);
    try {
      return fs.delete(path, false);
    } catch (IOException e) {
      throw new IOException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a directory and everything below it; returns false if it did not exist.
   *
   * @throws IllegalArgumentException if dir is null
   * @throws IOException naming the directory on failure
   */
  public boolean deleteRecursively(Path dir) throws IOException {
    checkPath(dir);
    try {
      return fs.delete(dir, true);
    } catch (IOException e) {
      throw new IOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates a directory and its parents; no error if it exists.
   *
   * @throws IllegalArgumentException if dir is null
   * @throws IOException naming the directory if it cannot be created
   */
  public void mkdirs(Path dir) throws IOException {
    checkPath(dir);
    mkdirsOrThrow(fs, dir, dir.toUri());
  }

  /**
   * Lists the direct children of a directory, sorted by name; an absent directory lists empty.
   * Object stores may list lazily: the commit paths of Sediment never depend on a listing.
   *
   * @throws IllegalArgumentException if dir is null
   * @throws IOException naming the directory on failure
   */
  public List<FileStatus> list(Path dir) throws IOException {
    checkPath(dir);
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new IOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    return new ArrayList<>(Arrays.asList(statuses));
  }

  /**
   * Reads a whole small file (metadata) into memory.
   *
   * @throws FileNotFoundException naming the path if it does not exist
   * @throws IOException naming the path if it is too large or cannot be read
   */
  public byte[] readAll(Path path) throws IOException {
    try (ReadableFile file = openRead(path)) {
      long size = file.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException("file too large to read at once: " + path + " (" + size + " bytes)");
      }
      byte[] bytes = new byte[(int) size];
      file.readFully(0, bytes, 0, bytes.length);
      return bytes;
    }
  }

  /**
   * Writes a whole new file (create-if-absent) and syncs it. A failure part-way may leave a partial
   * file behind; formats that matter detect that by their own framing.
   *
   * @throws IllegalArgumentException if path or content is null
   * @throws FileAlreadyExistsException naming the path if it exists
   * @throws IOException naming the path on any other failure
   */
  public void writeAll(Path path, byte[] content) throws IOException {
    if (content == null) {
      throw new IllegalArgumentException("content must not be null for " + path);
    }
    try (WritableFile out = create(path)) {
      out.write(content, 0, content.length);
      // close() syncs: one hsync/fsync per file, not two.
    }
  }

  private static void checkPath(Path path) {
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
  }

  /** Closes the Hadoop file system if this view opened it. */
  @Override
  public void close() throws IOException {
    if (ownsFileSystem) {
      fs.close();
    }
  }

  @Override
  public String toString() {
    return "FileSystemView[" + root + "]";
  }
}
