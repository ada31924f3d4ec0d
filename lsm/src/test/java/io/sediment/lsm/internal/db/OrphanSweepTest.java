package io.sediment.lsm.internal.db;

import static io.sediment.lsm.internal.version.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionState;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class OrphanSweepTest {

  private static final Path DIR = new Path("hdfs://nn:8020/db");

  private static FileStatus entry(String name) {
    return new FileStatus(10, false, 1, 4096, 0, new Path(DIR, name));
  }

  private static FileStatus directory(String name) {
    return new FileStatus(0, true, 1, 4096, 0, new Path(DIR, name));
  }

  @Test
  void onlyFilesNoManifestEverListedAreOrphans() {
    FileMetadata live = file(2, 6, "a", "z", 10, 1, 1);
    Version v = Version.empty().apply(new VersionEdit().addFile(live));
    // Next file number 10, output 4 was being written, logs below 7 are obsolete.
    VersionState state = new VersionState(v, 10, 100, 7, List.of(4L));
    List<FileStatus> listing =
        List.of(
            entry("000002.sst"), // listed
            entry("000003.sst"), // dropped earlier: maybe a checkpoint's now, kept
            entry("000004.sst"), // pending output
            entry("000012.sst"), // numbered after the manifest
            entry("000006.log"), // obsolete log
            entry("000008.log"), // needed log
            entry("MANIFEST-00000000000000000003"),
            entry("LOCK"),
            entry("123.sst"), // not a store name
            directory("000015.sst"));
    List<OrphanSweep.Orphan> orphans =
        OrphanSweep.orphans(listing, state, Set.of(new Path(DIR, "000002.sst")));
    assertEquals(
        List.of(
            new OrphanSweep.Orphan(new Path(DIR, "000004.sst"), 4, true),
            new OrphanSweep.Orphan(new Path(DIR, "000012.sst"), 12, true),
            new OrphanSweep.Orphan(new Path(DIR, "000006.log"), 6, false)),
        orphans);
  }

  @Test
  void aReferencedFileIsNeverAnOrphanWhateverItsNumber() {
    VersionState state = new VersionState(Version.empty(), 5, 0, 0);
    List<FileStatus> listing = List.of(entry("000009.sst"));
    assertEquals(
        List.of(), OrphanSweep.orphans(listing, state, Set.of(new Path(DIR, "000009.sst"))));
  }
}
