package io.sediment.fs;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.Path;

/**
 * The byte form of a {@link FileRegistry}'s names and ownerships.
 *
 * <pre>
 *   magic "SFRG" (4) | format 1 (4) | file count (4)
 *   per file: path (string) | ownership ordinal (1) | name count (4) | names (strings)
 *   crc32c of everything before it (4)
 *   string = byte length (4) + UTF-8 bytes; integers big-endian
 * </pre>
 */
final class RegistryImage {

  static final int MAGIC = 0x53465247; // "SFRG"
  static final int FORMAT = 1;

  record FileImage(Path physical, FileOwnership ownership, List<String> names) {}

  private RegistryImage() {}

  static byte[] encode(List<FileImage> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(files.size());
      for (FileImage file : files) {
        writeString(out, file.physical().toString());
        out.writeByte(file.ownership().ordinal());
        out.writeInt(file.names().size());
        for (String name : file.names()) {
          writeString(out, name);
        }
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  static List<FileImage> decode(byte[] image) throws IOException {
    if (image.length < 16) {
      throw new IOException("registry image too short: " + image.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(image, 0, image.length - 4);
    int stored = ByteBuffer.wrap(image, image.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new IOException(
          "registry image checksum mismatch at offset "
              + (image.length - 4)
              + " of "
              + image.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(image, 0, image.length - 4);
    try {
      int magic = buf.getInt();
      if (magic != MAGIC) {
        throw new IOException("not a registry image: magic 0x" + Integer.toHexString(magic));
      }
      int format = buf.getInt();
      if (format != FORMAT) {
        throw new IOException("unsupported registry image format " + format + " at offset 4");
      }
      int count = count(buf);
      List<FileImage> files = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        Path physical = new Path(readString(buf));
        int ordinal = buf.get();
        if (ordinal < 0 || ordinal >= FileOwnership.values().length) {
          throw new IOException(
              "bad ownership "
                  + ordinal
                  + " at offset "
                  + (buf.position() - 1)
                  + " for "
                  + physical);
        }
        int nameCount = count(buf);
        if (nameCount == 0) {
          throw new IOException("file without names at offset " + buf.position() + ": " + physical);
        }
        List<String> names = new ArrayList<>(Math.min(nameCount, 1 << 16));
        for (int j = 0; j < nameCount; j++) {
          names.add(readString(buf));
        }
        files.add(new FileImage(physical, FileOwnership.values()[ordinal], names));
      }
      if (buf.hasRemaining()) {
        throw new IOException("trailing bytes in registry image at offset " + buf.position());
      }
      return files;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException("registry image truncated or damaged at offset " + buf.position(), e);
    }
  }

  private static int count(ByteBuffer buf) throws IOException {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining()) {
      throw new IOException("bad count " + n + " at offset " + (buf.position() - 4));
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(ByteBuffer buf) throws IOException {
    int length = count(buf);
    byte[] utf8 = new byte[length];
    buf.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
