package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.version.VersionState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Decides which files in a store's directory a crash left behind, so that opening the store can
 * delete them, as RocksDB deletes obsolete files when it opens.
 *
 * <p>An SST in the directory is an orphan when the recovered manifest does not list it and its
 * number shows that no manifest ever did: it is at least the manifest's next file number, or among
 * the manifest's pending outputs (numbers handed to flushes and compactions that were still running
 * when it was published). Such a file is an unfinished or uninstalled output of this store: nobody
 * else can reference it, since a checkpoint only references files of a published version.
 * Everything else is kept, in particular an SST with a lower number that the manifest no longer
 * lists: the store may have handed it to a checkpoint before compacting it away, and then only the
 * checkpoint storage may delete it. A write-ahead log numbered below the manifest's log number is
 * obsolete (its writes are in SSTs) and is an orphan too.
 *
 * <p>Only direct entries of the store's own directory are considered, never files a manifest
 * references elsewhere (a restored store's checkpoint files), never subdirectories, and never other
 * names (manifests, the lock file, a file cache). The caller holds the directory's {@link
 * StoreLock}, so no other store is writing there.
 */
final class OrphanSweep {

  private static final Pattern NUMBERED = Pattern.compile("(\\d{6,})\\.(sst|log)");

  /** One orphan: its path, number and whether it is an SST (else a write-ahead log). */
  record Orphan(Path path, long number, boolean sst) {}

  private OrphanSweep() {}

  /**
   * The orphans among {@code listing}, the entries of the store directory.
   *
   * @param state the state of the newest complete manifest
   * @param referenced qualified paths of every file {@code state} lists
   */
  static List<Orphan> orphans(List<FileStatus> listing, VersionState state, Set<Path> referenced) {
    Set<Long> pending = new HashSet<>(state.pendingOutputs());
    List<Orphan> orphans = new ArrayList<>();
    for (FileStatus s : listing) {
      if (!s.isFile()) {
        continue;
      }
      Matcher m = NUMBERED.matcher(s.getPath().getName());
      if (!m.matches() || referenced.contains(s.getPath())) {
        continue;
      }
      long number = Long.parseLong(m.group(1));
      boolean sst = m.group(2).equals("sst");
      boolean orphan =
          sst
              ? number >= state.nextFileNumber() || pending.contains(number)
              : number < state.logNumber();
      if (orphan) {
        orphans.add(new Orphan(s.getPath(), number, sst));
      }
    }
    return orphans;
  }
}
