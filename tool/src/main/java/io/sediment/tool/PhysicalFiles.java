package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Views of the file systems that hold files named by fully qualified physical paths (as checkpoint
 * metadata names them), one per scheme and authority, opened on first use and closed together. A
 * path without a scheme belongs to the fallback view.
 */
final class PhysicalFiles implements Closeable {

  private final FileSystemView fallback;
  private final Configuration conf;
  private final Map<String, FileSystemView> views = new LinkedHashMap<>();

  /**
   * @param fallback the view for paths without a scheme; not closed by {@link #close()}
   */
  PhysicalFiles(FileSystemView fallback, Configuration conf) {
    this.fallback = fallback;
    this.conf = conf;
  }

  /** The view that serves {@code path}. */
  FileSystemView viewOf(Path path) throws IOException {
    URI uri = path.toUri();
    if (uri.getScheme() == null) {
      return fallback;
    }
    String key = uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
    FileSystemView view = views.get(key);
    if (view == null) {
      try {
        view =
            FileSystemView.openExisting(
                new URI(uri.getScheme(), uri.getAuthority(), "/", null, null).toString(), conf);
      } catch (URISyntaxException e) {
        throw new IOException("cannot name the file system of " + path + ": " + e.getMessage(), e);
      }
      views.put(key, view);
    }
    return view;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (FileSystemView view : views.values()) {
      try {
        view.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    views.clear();
    if (first != null) {
      throw first;
    }
  }
}
