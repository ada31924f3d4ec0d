package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A file or directory the inspection commands read, opened through a view of its parent. Opening
 * creates nothing, neither the path nor its parent: a path that does not exist, or whose parent
 * does not, is reported by name.
 */
final class ExistingPath implements AutoCloseable {

  final FileSystemView parent;
  final Path path;
  final URI uri;

  private ExistingPath(FileSystemView parent, Path path, URI uri) {
    this.parent = parent;
    this.path = path;
    this.uri = uri;
  }

  /**
   * Opens the parent of {@code uri} and checks that {@code uri} exists.
   *
   * @throws FileNotFoundException naming the URI when it does not exist
   * @throws IOException naming the URI when its file system cannot be reached
   */
  static ExistingPath open(URI uri, Configuration conf) throws IOException {
    String text = uri.toString();
    while (text.endsWith("/") && text.length() > 1) {
      text = text.substring(0, text.length() - 1);
    }
    URI normalized = URI.create(text);
    String name = new Path(normalized).getName();
    if (name.isEmpty()) {
      throw new FileNotFoundException(uri + " names no file or directory below a root");
    }
    FileSystemView parent;
    try {
      parent = FileSystemView.openExisting(normalized.resolve(".").toString(), conf);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(uri + " does not exist");
    }
    boolean ok = false;
    try {
      Path path = FileSystemView.resolve(parent.root(), name);
      if (!parent.exists(path)) {
        throw new FileNotFoundException(uri + " does not exist");
      }
      ok = true;
      return new ExistingPath(parent, path, normalized);
    } finally {
      if (!ok) {
        parent.close();
      }
    }
  }

  /** The directory this path is in. */
  URI parentUri() {
    return uri.resolve(".");
  }

  /** Whether this path is a directory. */
  boolean isDirectory() throws IOException {
    return parent.hadoopFileSystem().getFileStatus(path).isDirectory();
  }

  /** A view rooted at this path, which must be a directory; creates nothing. */
  FileSystemView openDirectory(Configuration conf) throws IOException {
    if (!isDirectory()) {
      throw new IOException(uri + " is not a directory");
    }
    return FileSystemView.openExisting(uri.toString(), conf);
  }

  @Override
  public void close() throws IOException {
    parent.close();
  }
}
