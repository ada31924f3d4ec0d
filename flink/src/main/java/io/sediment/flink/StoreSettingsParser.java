package io.sediment.flink;

import io.sediment.lsm.Compression;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Turns a Flink configuration into checked {@link StoreSettings}; every error names its option. */
final class StoreSettingsParser {

  private StoreSettingsParser() {}

  /**
   * Reads {@link SedimentOptions} and {@code execution.checkpointing.dir} from {@code config}.
   *
   * @throws IllegalConfigurationException naming the option for an unknown or malformed value, a
   *     missing primary directory, or a primary directory that cannot be created and written
   */
  static StoreSettings parse(ReadableConfig config) {
    String checkpointDir =
        config.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).orElse(null);
    String primary = config.getOptional(SedimentOptions.PRIMARY_DIR).orElse(null);
    if (primary == null) {
      if (checkpointDir == null) {
        throw new IllegalConfigurationException(
            "Sediment needs '"
                + SedimentOptions.PRIMARY_DIR.key()
                + "' or '"
                + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                + "' to place its working state; neither is set");
      }
      primary = stripSlash(checkpointDir) + "/sediment-working";
    }
    primary = stripSlash(primary);
    String root =
        checkpointDir == null
            ? primary + "/sediment-checkpoints"
            : stripSlash(checkpointDir) + "/sediment-checkpoints";
    checkWritable(primary, SedimentOptions.PRIMARY_DIR);

    String compression = config.get(SedimentOptions.COMPRESSION).trim().toUpperCase(Locale.ROOT);
    try {
      Compression.valueOf(compression);
    } catch (IllegalArgumentException e) {
      throw new IllegalConfigurationException(
          "'"
              + SedimentOptions.COMPRESSION.key()
              + "' must be NONE, LZ4 or ZSTD, not '"
              + config.get(SedimentOptions.COMPRESSION)
              + "'",
          e);
    }
    long memtable = positive(config, SedimentOptions.MEMTABLE_SIZE);
    long blockCache = positive(config, SedimentOptions.BLOCK_CACHE_SIZE);
    long fileCache = positive(config, SedimentOptions.FILE_CACHE_SIZE);
    String fileCacheDir = config.getOptional(SedimentOptions.FILE_CACHE_DIR).orElse(null);
    if (fileCacheDir != null) {
      java.nio.file.Path dir = java.nio.file.Path.of(fileCacheDir);
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (IOException | RuntimeException e) {
        throw new IllegalConfigurationException(
            "'" + SedimentOptions.FILE_CACHE_DIR.key() + "': cannot create " + fileCacheDir, e);
      }
      if (!java.nio.file.Files.isWritable(dir)) {
        throw new IllegalConfigurationException(
            "'" + SedimentOptions.FILE_CACHE_DIR.key() + "': " + fileCacheDir + " is not writable");
      }
    }
    List<URI> workers = workers(config);
    String token = config.getOptional(SedimentOptions.COMPACTION_TOKEN).orElse(null);
    if (!workers.isEmpty() && (token == null || token.isEmpty())) {
      throw new IllegalConfigurationException(
          "'"
              + SedimentOptions.COMPACTION_TOKEN.key()
              + "' must be set when '"
              + SedimentOptions.COMPACTION_WORKERS.key()
              + "' is");
    }
    return new StoreSettings(
        primary,
        root,
        memtable,
        blockCache,
        fileCacheDir,
        fileCache,
        compression,
        workers,
        workers.isEmpty() ? null : token);
  }

  private static long positive(
      ReadableConfig config, ConfigOption<org.apache.flink.configuration.MemorySize> option) {
    long bytes = config.get(option).getBytes();
    if (bytes <= 0) {
      throw new IllegalConfigurationException(
          "'" + option.key() + "' must be positive, not " + config.get(option));
    }
    return bytes;
  }

  private static List<URI> workers(ReadableConfig config) {
    String text = config.getOptional(SedimentOptions.COMPACTION_WORKERS).orElse("").trim();
    List<URI> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String part : text.split(",")) {
      String s = part.trim();
      try {
        URI uri = new URI(s);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
          throw new URISyntaxException(s, "not an http://host:port URI");
        }
        out.add(uri);
      } catch (URISyntaxException e) {
        throw new IllegalConfigurationException(
            "'" + SedimentOptions.COMPACTION_WORKERS.key() + "': bad worker URI '" + s + "'", e);
      }
    }
    return out;
  }

  /** Creates {@code dir} and writes and deletes a probe file in it. */
  private static void checkWritable(String dir, ConfigOption<String> option) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(new Configuration());
      fs.mkdirs(path);
      Path probe = new Path(path, ".probe-" + UUID.randomUUID());
      try (FSDataOutputStream out = fs.create(probe, false)) {
        out.write("sediment".getBytes(StandardCharsets.US_ASCII));
      }
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalConfigurationException(
          "'" + option.key() + "': directory " + dir + " cannot be created or written: " + e, e);
    }
  }

  private static String stripSlash(String s) {
    String out = s.trim();
    while (out.endsWith("/") && out.length() > 1 && !out.endsWith("://")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
