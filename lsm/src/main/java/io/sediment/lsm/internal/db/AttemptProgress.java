package io.sediment.lsm.internal.db;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstReader;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable progress of one attempt of a compaction job, and how a later attempt of the same job
 * takes over the outputs it finished.
 *
 * <p><b>Record.</b> Each output the merge finished <em>at a cut</em> (the next output starts at a
 * new user key, so every version of a key is in one file) gets a write-once record {@code
 * 00000N.progress} beside {@code 00000N.sst}, written after the output is synced and closed: the
 * job's fingerprint (a digest of its inputs and parameters, not of the attempt), the output's name,
 * size and the CRC32C of its footer (its last {@value #FOOTER_BYTES} bytes), and the cut: the user
 * key the next output starts at. The last output, finished at the end of the input, gets no record.
 *
 * <p><b>Taking over.</b> A new attempt told the directory of an earlier one probes {@code
 * 000001.progress}, {@code 000002.progress}, ... (no listing) and, while each record is intact, of
 * this job, and its output has the recorded size and footer, renames the output into its own
 * directory (under the same name) and opens it to describe it. It stops at the first record that is
 * missing, damaged, of another job, or whose output fails a check or cannot be moved: the outputs
 * taken form a prefix of what a full run writes, and the merge restarts at the last one's cut, with
 * the input iterators sought there. A rename that loses a race with the earlier attempt deleting
 * its outputs just stops the takeover early; the renamed files lie in the new attempt's directory,
 * which the store fences as ever, so a late earlier attempt can neither install nor overwrite them.
 */
final class AttemptProgress {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptProgress.class);

  /** Bytes of an SST footer; its CRC32C is recorded. */
  static final int FOOTER_BYTES = 80;

  private static final int MAGIC = 0x53444350; // "SDCP"
  private static final int VERSION = 1;

  /** One finished output of an attempt. */
  record Entry(long fingerprint, String name, long size, int footerCrc, byte[] cut) {}

  /** The outputs taken over from an earlier attempt, and the key the merge restarts at. */
  record TakenOver(List<FileMetadata> files, byte[] restartKey) {
    static final TakenOver NONE = new TakenOver(List.of(), null);
  }

  private AttemptProgress() {}

  /** Name of the progress record of output {@code sstName}. */
  static String recordName(String sstName) {
    return sstName.substring(0, sstName.length() - ".sst".length()) + ".progress";
  }

  /** A digest of everything that decides a job's outputs, the same for all its attempts. */
  static long fingerprint(CompactionJob job) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(job.jobId());
      out.writeInt(job.inputLevel());
      out.writeInt(job.outputLevel());
      out.writeBoolean(job.bottommost());
      out.writeUTF(String.valueOf(job.mergeFunctionName()));
      out.writeUTF(String.valueOf(job.compactionFilterName()));
      out.writeUTF(job.compactionFilterConfig());
      out.writeUTF(job.outputCompression().name());
      out.writeInt(job.blockSizeBytes());
      out.writeInt(job.bloomBitsPerKey());
      out.writeLong(job.targetFileSizeBytes());
      out.writeInt(job.keyGroupMaxParallelism());
      out.writeInt(job.liveSnapshots().size());
      for (long s : job.liveSnapshots()) {
        out.writeLong(s);
      }
      out.writeInt(job.inputs().size());
      for (StoreFile f : job.inputs()) {
        out.writeUTF(f.physicalPath());
        out.writeLong(f.sizeBytes());
        writeBytes(out, f.clipLower());
        writeBytes(out, f.clipUpper());
      }
      out.flush();
      // Two independent 32-bit checksums: cheap (no security provider to load on a worker's
      // first job) and, with the job id inside, enough to tell a record of another job.
      byte[] b = bytes.toByteArray();
      CRC32C c = new CRC32C();
      c.update(b);
      java.util.zip.CRC32 d = new java.util.zip.CRC32();
      d.update(b);
      return (c.getValue() << 32) | d.getValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  /** The record's bytes: fields, then the CRC32C of the fields. */
  static byte[] encode(Entry e) {
    byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(4 + 2 + 8 + 4 + name.length + 8 + 4 + 4 + e.cut().length + 4);
    b.putInt(MAGIC).putShort((short) VERSION).putLong(e.fingerprint());
    b.putInt(name.length).put(name).putLong(e.size()).putInt(e.footerCrc());
    b.putInt(e.cut().length).put(e.cut());
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The record, or null if it is damaged (wrong magic, version, length or checksum). */
  static Entry decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt() != MAGIC || b.getShort() != VERSION) {
        return null;
      }
      long fingerprint = b.getLong();
      byte[] name = new byte[b.getInt()];
      b.get(name);
      long size = b.getLong();
      int footerCrc = b.getInt();
      byte[] cut = new byte[b.getInt()];
      b.get(cut);
      int end = b.position();
      int stored = b.getInt();
      if (b.hasRemaining()) {
        return null;
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, end);
      if ((int) crc.getValue() != stored) {
        return null;
      }
      return new Entry(fingerprint, new String(name, StandardCharsets.UTF_8), size, footerCrc, cut);
    } catch (RuntimeException e) {
      return null; // lengths past the end, negative lengths: a damaged record
    }
  }

  /** CRC32C of the last {@value #FOOTER_BYTES} bytes of {@code file}. */
  static int footerCrc(ReadableFile file) throws IOException {
    long size = file.size();
    int n = (int) Math.min(size, FOOTER_BYTES);
    byte[] tail = new byte[n];
    file.readFully(size - n, tail, 0, n);
    CRC32C crc = new CRC32C();
    crc.update(tail);
    return (int) crc.getValue();
  }

  /** Writes the record of a finished output {@code sst} in {@code dir}, write-once. */
  static void record(FileSystemView dir, Path sst, long fingerprint, byte[] cut)
      throws IOException {
    Entry e;
    try (ReadableFile f = dir.openRead(sst)) {
      e = new Entry(fingerprint, sst.getName(), f.size(), footerCrc(f), cut);
    }
    byte[] bytes = encode(e);
    try (WritableFile out = dir.create(dir.resolve(recordName(sst.getName())))) {
      out.write(bytes, 0, bytes.length);
      out.sync();
    }
  }

  /**
   * Takes over the verified prefix of the outputs recorded in {@code earlierDirectory} into {@code
   * dir} (see the class comment); {@link TakenOver#NONE} when there is nothing to take.
   *
   * @throws IOException naming the file if a taken file cannot be opened or described after it was
   *     moved (the caller deletes what was taken and fails the run)
   */
  static TakenOver takeOver(
      FileSystemView dir,
      String physicalDir,
      String earlierDirectory,
      long fingerprint,
      int level,
      org.apache.hadoop.conf.Configuration conf)
      throws IOException {
    FileSystemView earlier;
    try {
      earlier = FileSystemView.openExisting(earlierDirectory, conf);
    } catch (FileNotFoundException | IllegalArgumentException e) {
      LOG.info("nothing to take over from {}: {}", earlierDirectory, e.getMessage());
      return TakenOver.NONE;
    }
    List<FileMetadata> taken = new ArrayList<>();
    byte[] restart = null;
    try (earlier) {
      for (long n = 1; ; n++) {
        String sstName = FileMetadata.sstName(n);
        Entry e = verified(earlier, sstName, fingerprint);
        if (e == null) {
          break;
        }
        Path from = earlier.resolve(sstName);
        Path to = dir.resolve(sstName);
        boolean moved;
        try {
          moved = dir.hadoopFileSystem().rename(from, to);
        } catch (IOException ex) {
          moved = false;
        }
        if (!moved) {
          LOG.info("cannot move {} into {}: taking over stops here", from, to);
          break;
        }
        FileMetadata f = describe(dir, to, n, level, physicalDir);
        taken.add(f);
        if (f.fileSize() != e.size()) {
          throw new IOException("moved output " + to + " changed size: " + f.fileSize());
        }
        record(dir, to, fingerprint, e.cut());
        restart = e.cut();
      }
    }
    return taken.isEmpty() ? TakenOver.NONE : new TakenOver(taken, restart);
  }

  /** The record of output {@code sstName} if it and the output pass every check, else null. */
  private static Entry verified(FileSystemView earlier, String sstName, long fingerprint) {
    Path recordPath = earlier.resolve(recordName(sstName));
    Path sst = earlier.resolve(sstName);
    try {
      if (!earlier.exists(recordPath) || !earlier.exists(sst)) {
        return null;
      }
      byte[] bytes;
      try (ReadableFile r = earlier.openRead(recordPath)) {
        if (r.size() > (1 << 20)) {
          return null;
        }
        bytes = new byte[(int) r.size()];
        r.readFully(0, bytes, 0, bytes.length);
      }
      Entry e = decode(bytes);
      if (e == null || e.fingerprint() != fingerprint || !e.name().equals(sstName)) {
        LOG.info("progress record {} is damaged or of another job: not taken", recordPath);
        return null;
      }
      try (ReadableFile f = earlier.openRead(sst)) {
        if (f.size() != e.size() || footerCrc(f) != e.footerCrc()) {
          LOG.info("output {} does not match its progress record: not taken", sst);
          return null;
        }
      }
      return e;
    } catch (IOException ex) {
      LOG.info("cannot verify {}: {}", sst, ex.toString());
      return null;
    }
  }

  private static FileMetadata describe(
      FileSystemView dir, Path path, long number, int level, String physicalDir)
      throws IOException {
    try (ReadableFile file = dir.openRead(path);
        SstReader reader = SstReader.open(file, number, null, UnpooledByteBufAllocator.DEFAULT)) {
      SstProperties p = reader.properties();
      String physical =
          physicalDir.endsWith("/")
              ? physicalDir + path.getName()
              : physicalDir + "/" + path.getName();
      return FileMetadata.of(number, level, p, path.getName(), physical, FileOwnership.OWNED);
    }
  }
}
