package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A cached copy failed verification: a chunk's CRC32C does not match its stored value, or the local
 * file is shorter than its entry says. Never reaches callers of the cache: the entry is discarded
 * and the bytes are fetched from remote instead.
 */
final class ChecksumMismatchException extends IOException {

  ChecksumMismatchException(Path file, long position, String what) {
    super("cached copy " + file + " is corrupt at offset " + position + ": " + what);
  }
}
