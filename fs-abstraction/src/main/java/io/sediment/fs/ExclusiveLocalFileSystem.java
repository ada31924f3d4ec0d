package io.sediment.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The raw local file system with an atomic create-if-absent.
 *
 * <p>Hadoop's {@link RawLocalFileSystem} implements {@code create(path, overwrite=false)} as "check
 * that the file does not exist, then open it", so two racing creators of one name can both succeed
 * and one silently overwrites the other. Sediment publishes metadata by create-if-absent and relies
 * on exactly one winner, so this subclass first creates the file exclusively ({@code O_CREAT |
 * O_EXCL} through {@link Files#createFile}) and only the creator that won goes on to open it.
 *
 * <p>It writes no {@code .crc} side files (Sediment checksums its own formats), and it sets
 * permissions through {@code java.nio} rather than by running a {@code chmod} process: without
 * Hadoop's native library the raw file system spawns one for every file it creates, which costs
 * milliseconds per file and made the creation of small SSTs and manifests dominate a flush. {@link
 * FileSystemView#open} uses it for every {@code file:} URI.
 */
public class ExclusiveLocalFileSystem extends RawLocalFileSystem {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /**
   * Sets the nine permission bits in-process. Hadoop's fallback ({@code chmod} in a child process)
   * remains for what {@code java.nio} cannot express: a sticky bit, or a platform without POSIX
   * attributes.
   */
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (!POSIX || permission == null || permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    java.nio.file.Path file = pathToFile(p).toPath();
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permission.toString()));
    } catch (NoSuchFileException e) {
      FileNotFoundException missing = new FileNotFoundException("no such file: " + p);
      missing.initCause(e);
      throw missing;
    } catch (IOException e) {
      throw new IOException("cannot set permission " + permission + " on " + p + ": " + e, e);
    }
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    if (overwrite) {
      return super.create(f, true, bufferSize, replication, blockSize, progress);
    }
    claimName(f);
    try {
      return super.create(f, true, bufferSize, replication, blockSize, progress);
    } catch (IOException | RuntimeException e) {
      releaseName(f, e);
      throw e;
    }
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
    if (overwrite) {
      return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
    }
    claimName(f);
    try {
      return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
    } catch (IOException | RuntimeException e) {
      releaseName(f, e);
      throw e;
    }
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    if (overwrite) {
      return super.createNonRecursive(
          f, permission, true, bufferSize, replication, blockSize, progress);
    }
    claimName(f);
    try {
      return super.createNonRecursive(
          f, permission, true, bufferSize, replication, blockSize, progress);
    } catch (IOException | RuntimeException e) {
      releaseName(f, e);
      throw e;
    }
  }

  /** Removes a claimed, still empty file whose opening failed, so the name is free again. */
  private void releaseName(Path f, Exception cause) {
    try {
      Files.deleteIfExists(pathToFile(f).toPath());
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Creates the empty file exclusively; exactly one of several racing callers returns. */
  private void claimName(Path f) throws IOException {
    java.io.File file = pathToFile(f);
    java.io.File parent = file.getParentFile();
    if (parent != null && !parent.isDirectory() && !mkdirs(new Path(f.getParent().toUri()))) {
      throw new IOException("cannot create parent directory of " + f);
    }
    try {
      Files.createFile(file.toPath());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      FileAlreadyExistsException exists = new FileAlreadyExistsException(f + " already exists");
      exists.initCause(e);
      throw exists;
    }
  }
}
