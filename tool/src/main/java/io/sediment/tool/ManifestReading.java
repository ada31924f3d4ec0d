package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/** What manifest-dump and verify share: finding the current manifest and a file's location. */
final class ManifestReading {

  private ManifestReading() {}

  /**
   * The newest complete manifest of the store in {@code view}.
   *
   * @throws IOException naming the directory when it holds no manifest, or the manifest file when
   *     it cannot be read or decoded
   */
  static ManifestContents current(FileSystemView view) throws IOException {
    return ManifestStore.recover(view)
        .map(ManifestStore.Recovered::contents)
        .orElseThrow(() -> new IOException("no complete manifest in " + view.root()));
  }

  /** Where {@code f} lives: in the store's directory when owned, else at its recorded path. */
  static Path location(FileSystemView view, FileMetadata f) {
    return f.ownedByStore() ? view.resolve(f.logicalName()) : new Path(f.physicalPath());
  }
}
