package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job-level metadata of a completed checkpoint, published write-once as one version of {@code
 * <jobUri>/completed-<n>}: the checkpoint id, the run that took it, the key groups, each split's
 * source offset, the number of keyed stages, and per operator instance its key groups, the bytes of
 * its store's checkpoint handle, its staged sink output and its staged output of each side output.
 * Instances are listed stage by stage, each stage's in index order (every stage has the same number
 * of instances; only the last stage's instances stage sink output). Layout (big-endian, inside the
 * publisher's framed file that carries a CRC32C):
 *
 * <pre>
 * magic "SJCK" | format 3 | checkpoint id: 8 | attempt: 8 | maxParallelism: 4 | stages: 4
 * | splits: 4 | offset: 8 per split
 * | instances: 4 | per instance: key groups start: 4, end: 4 | handle length: 4, bytes | staged length: 4, bytes
 *                  | side outputs: 4 | per side output: tag id (modified UTF-8) | staged length: 4, bytes
 * </pre>
 *
 * Format 2, written before jobs had several stages, is the same without {@code stages} and is read
 * as one stage; format 1, written before side outputs too, also has no side outputs and is read as
 * having none.
 *
 * @param checkpointId the checkpoint
 * @param attempt the run that took it
 * @param maxParallelism the job's key groups
 * @param stages the job's keyed stages
 * @param sourceOffsets per split, where reading resumes
 * @param instances per operator instance, in index order
 */
record CompletedCheckpoint(
    long checkpointId,
    long attempt,
    int maxParallelism,
    int stages,
    long[] sourceOffsets,
    List<InstanceState> instances) {

  private static final int MAGIC = 0x534A434B; // "SJCK"
  private static final int FORMAT = 3;
  private static final int FORMAT_ONE_STAGE = 2;
  private static final int FORMAT_WITHOUT_SIDE_OUTPUTS = 1;

  /** One operator instance's part of a checkpoint; {@code sideStaged} by side output tag id. */
  record InstanceState(
      KeyGroupRange keyGroups, byte[] handle, byte[] staged, Map<String, byte[]> sideStaged) {

    /** The staged output of side output {@code tagId}; empty if none was staged. */
    byte[] sideStaged(String tagId) {
      return sideStaged.getOrDefault(tagId, new byte[0]);
    }
  }

  /** The store checkpoint id of instance {@code instance}'s part of job checkpoint {@code id}. */
  static long storageId(long checkpointId, int instance) {
    return checkpointId * RuntimeSettings.MAX_PARALLELISM + instance;
  }

  /** The instances of stage {@code stage}, in index order. */
  List<InstanceState> stage(int stage) {
    int per = instances.size() / stages;
    return instances.subList(stage * per, (stage + 1) * per);
  }

  /** The staged sink output of the last stage's instances, in index order. */
  List<byte[]> sinkStaged() {
    List<byte[]> out = new ArrayList<>();
    stage(stages - 1).forEach(s -> out.add(s.staged()));
    return out;
  }

  /** The store checkpoint ids of this checkpoint, one per instance. */
  List<Long> storageIds() {
    List<Long> ids = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      ids.add(storageId(checkpointId, i));
    }
    return ids;
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeLong(checkpointId);
      out.writeLong(attempt);
      out.writeInt(maxParallelism);
      out.writeInt(stages);
      out.writeInt(sourceOffsets.length);
      for (long o : sourceOffsets) {
        out.writeLong(o);
      }
      out.writeInt(instances.size());
      for (InstanceState s : instances) {
        out.writeInt(s.keyGroups().start());
        out.writeInt(s.keyGroups().end());
        out.writeInt(s.handle().length);
        out.write(s.handle());
        out.writeInt(s.staged().length);
        out.write(s.staged());
        out.writeInt(s.sideStaged().size());
        for (Map.Entry<String, byte[]> e : s.sideStaged().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue().length);
          out.write(e.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode()} wrote.
   *
   * @throws IOException naming {@code file} if the content is not a checkpoint of this format
   */
  static CompletedCheckpoint decode(byte[] content, String file) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
      int magic = in.readInt();
      int format = in.readInt();
      if (magic != MAGIC
          || (format != FORMAT
              && format != FORMAT_ONE_STAGE
              && format != FORMAT_WITHOUT_SIDE_OUTPUTS)) {
        throw new IOException(
            file
                + " is not job checkpoint metadata of format "
                + FORMAT
                + ": "
                + magic
                + "/"
                + format);
      }
      long id = in.readLong();
      long attempt = in.readLong();
      int maxParallelism = in.readInt();
      int stages = format == FORMAT ? in.readInt() : 1;
      long[] offsets = new long[checkedCount(in.readInt(), file)];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = in.readLong();
      }
      int n = checkedCount(in.readInt(), file);
      List<InstanceState> instances = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        KeyGroupRange range = KeyGroupRange.of(in.readInt(), in.readInt());
        byte[] handle = in.readNBytes(checkedCount(in.readInt(), file));
        byte[] staged = in.readNBytes(checkedCount(in.readInt(), file));
        Map<String, byte[]> sides = new LinkedHashMap<>();
        if (format != FORMAT_WITHOUT_SIDE_OUTPUTS) {
          int count = checkedCount(in.readInt(), file);
          for (int t = 0; t < count; t++) {
            String tag = in.readUTF();
            sides.put(tag, in.readNBytes(checkedCount(in.readInt(), file)));
          }
        }
        instances.add(new InstanceState(range, handle, staged, sides));
      }
      if (stages < 1 || n % stages != 0) {
        throw new IOException(file + " has " + n + " instances in " + stages + " stages");
      }
      if (in.read() != -1) {
        throw new IOException(file + " has bytes after the last instance");
      }
      return new CompletedCheckpoint(
          id, attempt, maxParallelism, stages, offsets, List.copyOf(instances));
    } catch (java.io.EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is cut short or malformed: " + e.getMessage(), e);
    }
  }

  private static int checkedCount(int n, String file) throws IOException {
    if (n < 0) {
      throw new IOException(file + " has a negative count " + n);
    }
    return n;
  }
}
