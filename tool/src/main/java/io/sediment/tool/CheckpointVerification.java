package io.sediment.tool;

import io.sediment.lsm.CorruptionException;
import io.sediment.snapshot.CheckpointDescription;
import io.sediment.snapshot.CheckpointFile;
import io.sediment.snapshot.RegistryDescription;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;

/**
 * {@code verify --checkpoint}: that checkpoints can be restored. The newest registry and each
 * checkpoint's metadata must decode; every file a checkpoint references must exist with the size
 * its metadata records, and every block of it must pass its checksum; for a whole root, the
 * registry's reference counts must equal what the retained checkpoints list.
 *
 * <p>Unlike the store form of {@code verify}, it goes on after a problem and reports every one, one
 * line each: which checkpoints are restorable is the question, not only whether all are. A file
 * shared by several checkpoints is read once.
 */
final class CheckpointVerification {

  private final PrintStream err;
  private final PhysicalFiles physicalFiles;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> verified = new HashSet<>();
  private long bytes;
  private int references;

  CheckpointVerification(PrintStream err, PhysicalFiles physicalFiles) {
    this.err = err;
    this.physicalFiles = physicalFiles;
  }

  /**
   * Verifies the retained checkpoints of {@code root} and its registry, or only checkpoint {@code
   * id} when it is not null.
   *
   * @return the exit code; problems are printed to the error stream, the summary to {@code out}
   * @throws IllegalArgumentException naming the id if the root holds no such checkpoint
   * @throws IOException naming the file on an I/O failure that is not a sign of damage
   */
  int verifyRoot(PrintStream out, CheckpointRoot root, Long id) throws IOException {
    RegistryDescription registry;
    try {
      registry = root.newestRegistryStrictly();
    } catch (CorruptionException e) {
      problems.add(e.getMessage()); // "corruption in <file> at offset <n>: ..."
      return finish(out, "checkpoint root " + root.uri());
    }
    // Held checkpoints keep their files (and their counts) for a restored store's lease.
    List<Long> ids = new ArrayList<>(registry.retained());
    ids.addAll(registry.held());
    if (id != null) {
      ids = List.of(id);
    }
    Map<String, Integer> listed = new TreeMap<>();
    boolean allRead = true;
    for (long checkpoint : ids) {
      CheckpointDescription m;
      try {
        m = root.load(checkpoint, registry);
      } catch (CorruptionException e) {
        problems.add("checkpoint " + checkpoint + ": " + e.getMessage());
        allRead = false;
        continue;
      } catch (FileNotFoundException e) {
        problems.add("missing: checkpoint " + checkpoint + " has no metadata: " + e.getMessage());
        allRead = false;
        continue;
      }
      verifyFiles(m);
      for (CheckpointFile f : m.files()) {
        listed.merge(f.physicalPath(), 1, Integer::sum);
      }
    }
    if (id == null && allRead) {
      crossCheck(registry, listed);
    }
    String what =
        id == null
            ? ids.size() + (ids.size() == 1 ? " checkpoint" : " checkpoints")
            : "checkpoint " + id;
    return finish(
        out, what + " in " + root.uri() + " (registry version " + registry.version() + ")");
  }

  /** Verifies the checkpoint one metadata file describes. */
  int verifyMetadata(PrintStream out, CheckpointDescription m) throws IOException {
    verifyFiles(m);
    return finish(out, "checkpoint " + m.id() + " of " + m.source());
  }

  private void verifyFiles(CheckpointDescription m) throws IOException {
    for (CheckpointFile f : m.files()) {
      references++;
      if (!verified.add(f.physicalPath())) {
        continue;
      }
      Path path = new Path(f.physicalPath());
      try {
        SstCheck.verify(
            physicalFiles.viewOf(path),
            path,
            f.sizeBytes(),
            "checkpoint " + m.id() + "'s metadata");
        bytes += f.sizeBytes();
      } catch (FileNotFoundException e) {
        problems.add("missing: checkpoint " + m.id() + " references " + path + ", which is gone");
      } catch (CorruptionException e) {
        problems.add("checkpoint " + m.id() + ": " + e.getMessage());
      }
    }
  }

  /** The registry must count exactly the references the retained and held checkpoints make. */
  private void crossCheck(RegistryDescription registry, Map<String, Integer> listed) {
    Set<String> paths = new TreeSet<>(listed.keySet());
    paths.addAll(registry.referenceCounts().keySet());
    for (String p : paths) {
      int counted = registry.referenceCount(p);
      int actual = listed.getOrDefault(p, 0);
      if (counted != actual) {
        problems.add(
            "inconsistent: the registry counts "
                + counted
                + " references to "
                + p
                + ", the retained and held checkpoints list it "
                + actual
                + " times");
      }
    }
  }

  private int finish(PrintStream out, String what) {
    if (problems.isEmpty()) {
      out.printf(
          "ok: %s: %d distinct files (%d references), %d bytes verified%n",
          what, verified.size(), references, bytes);
      return Main.OK;
    }
    for (String problem : problems) {
      err.println("sediment verify: " + problem);
    }
    err.printf(
        "sediment verify: %d problem%s in %s%n",
        problems.size(), problems.size() == 1 ? "" : "s", what);
    return Main.FAILED;
  }
}
