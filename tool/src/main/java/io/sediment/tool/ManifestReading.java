package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.spi.StoreManifest;
import java.io.IOException;

/** What manifest-dump and verify share: finding the current manifest of a store. */
final class ManifestReading {

  private ManifestReading() {}

  /**
   * The newest complete manifest of the store in {@code view}; reads only.
   *
   * @throws IOException naming the directory when it holds no manifest, or the manifest file when
   *     it cannot be read or decoded
   */
  static StoreManifest current(FileSystemView view) throws IOException {
    return StoreManifest.read(view)
        .orElseThrow(() -> new IOException("no complete manifest in " + view.root()));
  }
}
