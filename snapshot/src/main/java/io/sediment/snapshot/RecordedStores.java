package io.sediment.snapshot;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreManifest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * What the stores a registry records still list: the qualified physical path of every file in the
 * newest complete manifest of each store directory, read without changing anything there.
 *
 * <p>This is what protects a store that is closed, or open in another process, or reopened with
 * plain {@code Db.open}: a deletion keeps every file some recorded store's manifest lists. A
 * store's set of checkpointed files only shrinks while it runs (it never takes a file back once its
 * version dropped it; a restore writes a new store), so any manifest that was complete when it is
 * read lists a superset of what the store can read later, and reading it before deciding is safe
 * against a concurrent publish. Files that a pinned old version of an open store still reads are
 * the business of {@link LiveStores} in the store's own process.
 *
 * <p>A directory that holds no store (it was deleted, or never held a manifest) is reported as
 * abandoned, and its record can go. A store that cannot be read (the file system fails, or its
 * newest manifest is corrupt) fails the whole read: nothing may be deleted on a guess.
 */
final class RecordedStores {

  /**
   * @param files qualified physical paths the recorded stores list
   * @param abandoned recorded store URIs where no store exists any more
   */
  record Listing(Set<String> files, Set<String> abandoned) {}

  private RecordedStores() {}

  /**
   * Reads the newest manifest of each store in {@code storeUris}.
   *
   * @throws io.sediment.lsm.CorruptionException naming the manifest if one is damaged
   * @throws IOException naming the store URI or file if one cannot be read
   */
  static Listing read(Collection<String> storeUris, Configuration conf) throws IOException {
    Set<String> files = new HashSet<>();
    Set<String> abandoned = new TreeSet<>();
    for (String uri : storeUris) {
      if (!listFiles(uri, conf, files)) {
        abandoned.add(uri);
      }
    }
    return new Listing(Collections.unmodifiableSet(files), Collections.unmodifiableSet(abandoned));
  }

  /**
   * Whether a store exists at {@code uri} (its directory holds a complete manifest).
   *
   * @throws IOException naming the URI if it cannot be read
   */
  static boolean exists(String uri, Configuration conf) throws IOException {
    return listFiles(uri, conf, new HashSet<>());
  }

  /** Adds the files of the store at {@code uri} to {@code into}; false if no store is there. */
  private static boolean listFiles(String uri, Configuration conf, Set<String> into)
      throws IOException {
    FileSystemView view;
    try {
      view = FileSystemView.openExisting(uri, conf);
    } catch (FileNotFoundException e) {
      return false;
    }
    try (view) {
      Optional<StoreManifest> manifest = StoreManifest.read(view);
      if (manifest.isEmpty()) {
        return false;
      }
      FileSystem fs = view.hadoopFileSystem();
      for (StoreFile f : manifest.get().files()) {
        into.add(fs.makeQualified(manifest.get().physicalPath(f)).toString());
      }
      return true;
    } catch (FileNotFoundException e) {
      return false; // the directory went away while it was read: nobody is there
    } catch (CorruptionException e) {
      throw e; // names the manifest and offset already
    } catch (IOException e) {
      throw new IOException("cannot read the store recorded at " + uri + ": " + e.getMessage(), e);
    }
  }
}
