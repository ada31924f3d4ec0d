package io.sediment.cache.disk;

import java.util.Objects;

/**
 * What makes two remote files the same file for the cache: path, length and a version.
 *
 * <p>The version is the modification time when the cache looked the file up itself, a token the
 * caller supplied, or empty when only path and length are known. Sediment's files are write-once
 * under unique names, so path and length already tell files apart in practice; the version guards
 * against a name being reused for a file of the same length.
 *
 * @param path the remote path as text, exactly as the remote file reports it
 * @param length the remote file's length in bytes
 * @param version modification time, caller token, or the empty string
 */
record FileIdentity(String path, long length, String version) {

  FileIdentity {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    if (length < 0) {
      throw new IllegalArgumentException("negative file length " + length + " for " + path);
    }
  }
}
