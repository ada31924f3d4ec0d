package io.sediment.compaction;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreFileCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes a compaction job and its result travel as between a store and a remote worker,
 * described byte by byte in {@code docs/format/compaction-job.md}. Each message is a header (magic,
 * format version, kind), a body, and a CRC32C of everything before it.
 *
 * <p>Decoding is all or nothing: a message that is truncated, has trailing bytes, a bad checksum,
 * an unknown kind, a format version other than {@value #VERSION} (named by number), or fields that
 * do not make a valid job or result is refused with a {@link CorruptionException} naming the
 * message's label, the offset and what is wrong. Stateless and thread-safe.
 */
public final class CompactionWireFormat {

  /** The format version this code writes and reads. */
  public static final int VERSION = 2;

  /** Magic of every message: ASCII {@code SDCW}. */
  static final int MAGIC = 0x53444357;

  static final int KIND_JOB = 1;
  static final int KIND_RESULT = 2;

  /** The largest message a worker or client accepts, in bytes. */
  public static final int MAX_MESSAGE_BYTES = 64 << 20;

  private static final int HEADER_BYTES = 4 + 2 + 1;
  private static final int TRAILER_BYTES = 4;
  private static final int MAX_STRING_BYTES = 1 << 20;

  private CompactionWireFormat() {}

  /**
   * Encodes {@code job}.
   *
   * @throws IllegalArgumentException if the job is null
   */
  public static byte[] encodeJob(CompactionJob job) {
    return encodeJob(job, "");
  }

  /**
   * A job with the directory of an earlier attempt it may resume from ({@link
   * io.sediment.lsm.CompactionJobs#run(CompactionJob, org.apache.hadoop.conf.Configuration,
   * io.sediment.lsm.MergeFunction, io.sediment.lsm.CompactionFilter,
   * io.sediment.lsm.CompactionProgress, String)}).
   *
   * @param job the job
   * @param resumeFrom URI of the earlier attempt's output directory, empty for none
   */
  public record JobMessage(CompactionJob job, String resumeFrom) {

    /**
     * @throws IllegalArgumentException if the job or the directory is null
     */
    public JobMessage {
      if (job == null || resumeFrom == null) {
        throw new IllegalArgumentException("job and resume directory must not be null");
      }
    }
  }

  /**
   * Encodes {@code job} with the directory of an earlier attempt to resume from.
   *
   * @throws IllegalArgumentException if the job or the directory is null
   */
  public static byte[] encodeJob(CompactionJob job, String resumeFrom) {
    if (job == null || resumeFrom == null) {
      throw new IllegalArgumentException("job and resume directory must not be null");
    }
    return message(
        KIND_JOB,
        out -> {
          writeString(out, job.jobId());
          out.writeInt(job.attempt());
          writeString(out, job.outputDirectory());
          writeString(out, resumeFrom);
          out.writeByte(job.inputLevel());
          out.writeByte(job.outputLevel());
          out.writeByte((job.trivialMove() ? 1 : 0) | (job.bottommost() ? 2 : 0));
          out.writeByte(job.outputCompression().code());
          out.writeInt(job.blockSizeBytes());
          out.writeInt(job.bloomBitsPerKey());
          out.writeLong(job.targetFileSizeBytes());
          out.writeInt(job.keyGroupMaxParallelism());
          writeOptional(out, job.mergeFunctionName());
          writeOptional(out, job.compactionFilterName());
          writeString(out, job.compactionFilterConfig());
          out.writeInt(job.liveSnapshots().size());
          for (long s : job.liveSnapshots()) {
            out.writeLong(s);
          }
          out.writeInt(job.inputs().size());
          for (StoreFile f : job.inputs()) {
            StoreFileCodec.write(out, f);
            out.writeByte(f.ownership().ordinal());
            byte[] lower = f.clipLower();
            byte[] upper = f.clipUpper();
            out.writeByte((lower != null ? 1 : 0) | (upper != null ? 2 : 0));
            if (lower != null) {
              writeBytes(out, lower);
            }
            if (upper != null) {
              writeBytes(out, upper);
            }
          }
        });
  }

  /**
   * Decodes a job {@link #encodeJob} wrote.
   *
   * @param label names the message's origin in errors (a peer address, a file)
   * @throws CorruptionException naming {@code label} for anything but a complete, valid job
   */
  public static CompactionJob decodeJob(byte[] message, String label) throws CorruptionException {
    return decodeJobMessage(message, label).job();
  }

  /**
   * Decodes a job and the directory it may resume from, as {@link #encodeJob(CompactionJob,
   * String)} wrote them.
   *
   * @param label names the message's origin in errors (a peer address, a file)
   * @throws CorruptionException naming {@code label} for anything but a complete, valid job
   */
  public static JobMessage decodeJobMessage(byte[] message, String label)
      throws CorruptionException {
    ByteBuffer buf = body(message, KIND_JOB, label);
    try {
      String jobId = readString(buf, label);
      int attempt = buf.getInt();
      String dir = readString(buf, label);
      String resumeFrom = readString(buf, label);
      int inputLevel = buf.get() & 0xFF;
      int outputLevel = buf.get() & 0xFF;
      int flags = buf.get() & 0xFF;
      if ((flags & ~3) != 0) {
        throw new CorruptionException(label, buf.position() - 1, "bad job flags " + flags);
      }
      int code = buf.get() & 0xFF;
      Compression compression;
      try {
        compression = Compression.fromCode(code);
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(label, buf.position() - 1, e.getMessage(), e);
      }
      int blockSize = buf.getInt();
      int bloomBits = buf.getInt();
      long targetSize = buf.getLong();
      int maxParallelism = buf.getInt();
      String merge = readOptional(buf, label);
      String filter = readOptional(buf, label);
      String filterConfig = readString(buf, label);
      int snapshotCount = count(buf, 8, label, "live snapshot");
      List<Long> snapshots = new ArrayList<>(snapshotCount);
      for (int i = 0; i < snapshotCount; i++) {
        snapshots.add(buf.getLong());
      }
      int inputCount = count(buf, 1, label, "input");
      List<StoreFile> inputs = new ArrayList<>(inputCount);
      for (int i = 0; i < inputCount; i++) {
        int at = buf.position();
        StoreFile f = StoreFileCodec.read(buf, label, FileOwnership.OWNED);
        int ownership = buf.get() & 0xFF;
        if (ownership >= FileOwnership.values().length) {
          throw new CorruptionException(label, buf.position() - 1, "bad ownership " + ownership);
        }
        int clipFlags = buf.get() & 0xFF;
        if ((clipFlags & ~3) != 0) {
          throw new CorruptionException(label, buf.position() - 1, "bad clip flags " + clipFlags);
        }
        byte[] lower = (clipFlags & 1) != 0 ? readBytes(buf, label) : null;
        byte[] upper = (clipFlags & 2) != 0 ? readBytes(buf, label) : null;
        try {
          inputs.add(
              new StoreFile(
                  f.fileNumber(),
                  f.level(),
                  f.smallestInternalKey(),
                  f.largestInternalKey(),
                  f.sizeBytes(),
                  f.entryCount(),
                  f.deletionCount(),
                  f.rangeDeletionCount(),
                  f.smallestSequence(),
                  f.largestSequence(),
                  f.logicalName(),
                  f.physicalPath(),
                  FileOwnership.values()[ownership],
                  lower,
                  upper));
        } catch (IllegalArgumentException e) {
          throw new CorruptionException(label, at, "bad input: " + e.getMessage(), e);
        }
      }
      end(buf, label);
      try {
        CompactionJob job =
            new CompactionJob(
                jobId,
                inputLevel,
                outputLevel,
                inputs,
                (flags & 1) != 0,
                (flags & 2) != 0,
                snapshots,
                merge,
                filter,
                compression,
                blockSize,
                bloomBits,
                targetSize,
                filterConfig,
                maxParallelism,
                dir,
                attempt);
        if (!resumeFrom.isEmpty() && dir.isEmpty()) {
          throw new IllegalArgumentException("a job to resume needs an output directory");
        }
        return new JobMessage(job, resumeFrom);
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(label, HEADER_BYTES, "invalid job: " + e.getMessage(), e);
      }
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(label, buf.position(), "job ends inside a field", e);
    }
  }

  /**
   * Encodes {@code result}.
   *
   * @throws IllegalArgumentException if the result is null
   */
  public static byte[] encodeResult(CompactionResult result) {
    if (result == null) {
      throw new IllegalArgumentException("result must not be null");
    }
    return message(
        KIND_RESULT,
        out -> {
          out.writeInt(result.outputs().size());
          for (StoreFile f : result.outputs()) {
            StoreFileCodec.write(out, f);
          }
        });
  }

  /**
   * Decodes a result {@link #encodeResult} wrote; its files are owned by the store.
   *
   * @throws CorruptionException naming {@code label} for anything but a complete, valid result
   */
  public static CompactionResult decodeResult(byte[] message, String label)
      throws CorruptionException {
    ByteBuffer buf = body(message, KIND_RESULT, label);
    try {
      int count = count(buf, 1, label, "output");
      List<StoreFile> outputs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        outputs.add(StoreFileCodec.read(buf, label, FileOwnership.OWNED));
      }
      end(buf, label);
      return new CompactionResult(outputs);
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(label, buf.position(), "result ends inside a field", e);
    }
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] message(int kind, Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeByte(kind);
      body.write(out);
      out.flush();
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding failed", e);
    }
  }

  /** Checks header and checksum; returns the body. */
  private static ByteBuffer body(byte[] message, int kind, String label)
      throws CorruptionException {
    if (message == null) {
      throw new CorruptionException(label, 0, "no message");
    }
    if (message.length < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptionException(
          label, 0, "message of " + message.length + " bytes is shorter than header and checksum");
    }
    ByteBuffer buf = ByteBuffer.wrap(message);
    int magic = buf.getInt();
    if (magic != MAGIC) {
      throw new CorruptionException(
          label, 0, "bad magic " + Integer.toHexString(magic) + ": not a compaction message");
    }
    int version = buf.getShort() & 0xFFFF;
    if (version != VERSION) {
      throw new CorruptionException(
          label, 4, "unsupported format version " + version + " (this code reads " + VERSION + ")");
    }
    int actualKind = buf.get() & 0xFF;
    if (actualKind != kind) {
      throw new CorruptionException(
          label, 6, "message kind " + actualKind + " where " + kind + " was expected");
    }
    int end = message.length - TRAILER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(message, 0, end);
    int stored = ByteBuffer.wrap(message, end, TRAILER_BYTES).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptionException(label, end, "checksum mismatch");
    }
    return ByteBuffer.wrap(message, HEADER_BYTES, end - HEADER_BYTES).slice();
  }

  private static void end(ByteBuffer buf, String label) throws CorruptionException {
    if (buf.hasRemaining()) {
      throw new CorruptionException(
          label, HEADER_BYTES + buf.position(), buf.remaining() + " unexpected bytes at the end");
    }
  }

  private static int count(ByteBuffer buf, int minBytesEach, String label, String what)
      throws CorruptionException {
    int n = buf.getInt();
    if (n < 0 || (long) n * minBytesEach > buf.remaining()) {
      throw new CorruptionException(label, buf.position() - 4, "bad " + what + " count " + n);
    }
    return n;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeOptional(DataOutputStream out, String s) throws IOException {
    out.writeByte(s == null ? 0 : 1);
    if (s != null) {
      writeString(out, s);
    }
  }

  private static byte[] readBytes(ByteBuffer buf, String label) throws CorruptionException {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining() || n > MAX_STRING_BYTES) {
      throw new CorruptionException(label, buf.position() - 4, "bad length " + n);
    }
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  private static String readString(ByteBuffer buf, String label) throws CorruptionException {
    int at = buf.position();
    byte[] b = readBytes(buf, label);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptionException(label, at, "string is not UTF-8", e);
    }
  }

  private static String readOptional(ByteBuffer buf, String label) throws CorruptionException {
    int flag = buf.get() & 0xFF;
    if (flag > 1) {
      throw new CorruptionException(label, buf.position() - 1, "bad presence flag " + flag);
    }
    return flag == 1 ? readString(buf, label) : null;
  }
}
