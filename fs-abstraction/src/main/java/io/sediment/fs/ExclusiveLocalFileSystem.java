package io.sediment.fs;

import java.io.IOException;
import java.nio.file.Files;
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
 * <p>It writes no {@code .crc} side files (Sediment checksums its own formats). {@link
 * FileSystemView#open} uses it for every {@code file:} URI.
 */
public class ExclusiveLocalFileSystem extends RawLocalFileSystem {

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
