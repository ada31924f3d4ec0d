package io.sediment.fuzz;

import io.sediment.lsm.CompactionService;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.MergeFunction;
import java.io.IOException;

/**
 * One configuration of the engine for metamorphic runs: a short name for reports and the {@link
 * DbSettings} that change where data lives and how it is laid out (block size, compression,
 * memtable size, file sizes, WAL, cache, bloom filter), none of which may change what a read
 * returns. The file system is chosen separately by the {@link StorageRoot} given to {@link
 * #factory}. Failure reports print the settings' text, and {@code Replay} runs a log on the
 * settings written in its file.
 *
 * @param name short name printed in reports
 * @param settings the engine settings
 */
public record NamedSettings(String name, DbSettings settings) {

  /**
   * @throws IllegalArgumentException if the name is empty or the settings are null
   */
  public NamedSettings {
    if (name == null || name.isEmpty() || settings == null) {
      throw new IllegalArgumentException("a name and settings are needed: " + name);
    }
  }

  /** The configuration named {@code name} with the settings written as {@code text}. */
  public static NamedSettings parse(String name, String text) {
    return new NamedSettings(name, DbSettings.parse(text));
  }

  /** The options of a store in {@code dirUri} with these settings. */
  public DbOptions options(String dirUri, StorageRoot root, MergeFunction mergeFunction) {
    return options(settings, dirUri, root, mergeFunction);
  }

  /** The options of a store in {@code dirUri} with {@code settings}. */
  public static DbOptions options(
      DbSettings settings, String dirUri, StorageRoot root, MergeFunction mergeFunction) {
    return options(settings, dirUri, root, mergeFunction, null);
  }

  /**
   * The options of a store in {@code dirUri} with {@code settings}, compacting on {@code service}
   * (null: the store's own local pool).
   */
  public static DbOptions options(
      DbSettings settings,
      String dirUri,
      StorageRoot root,
      MergeFunction mergeFunction,
      CompactionService service) {
    DbOptions.Builder b = DbOptions.builder(dirUri).settings(settings);
    if (service != null) {
      b.compactionService(service);
    }
    if (root.conf() != null) {
      b.hadoopConfiguration(root.conf());
    }
    if (mergeFunction != null) {
      b.mergeFunction(mergeFunction);
    }
    return b.build();
  }

  /**
   * A factory of fresh stores of this configuration under {@code root}, named {@code <name>@<root
   * scheme>}. Each store has its own checkpoint storage under the root, and restores into fresh
   * directories there.
   */
  public StoreFactory factory(StorageRoot root, MergeFunction mergeFunction) {
    return factory(root, mergeFunction, null, "");
  }

  /**
   * As {@link #factory(StorageRoot, MergeFunction)}, but every store (restored ones too) compacts
   * on {@code service}, which the caller keeps open while the stores run and closes after (a store
   * never closes a service it is given); the factory is named {@code <name><suffix>@<root scheme>}.
   * Replaying a failure from its printed settings runs with local compaction.
   *
   * @throws IllegalArgumentException if a service is given without a suffix or a suffix without a
   *     service
   */
  public StoreFactory factory(
      StorageRoot root, MergeFunction mergeFunction, CompactionService service, String suffix) {
    if (suffix == null || (service == null) != suffix.isEmpty()) {
      throw new IllegalArgumentException(
          "a compaction service needs a name suffix and vice versa: '" + suffix + "'");
    }
    NamedSettings config = this;
    String scheme =
        root.uri().contains(":") ? root.uri().substring(0, root.uri().indexOf(':')) : "";
    return new StoreFactory() {
      @Override
      public String name() {
        return config.name + suffix + "@" + scheme;
      }

      @Override
      public KvStore open() throws IOException {
        return new DbStore(
            options(settings, root.newDirUri(config.name), root, mergeFunction, service),
            root.newDirUri(config.name + "-checkpoints"),
            () ->
                options(
                    settings,
                    root.newDirUri(config.name + "-restored"),
                    root,
                    mergeFunction,
                    service));
      }

      @Override
      public boolean supportsCrash() {
        return config.settings.walEnabled();
      }

      @Override
      public boolean supportsCheckpoints() {
        return true;
      }

      @Override
      public DbSettings settings() {
        return config.settings;
      }

      @Override
      public String toString() {
        return name() + " " + config.settings;
      }
    };
  }
}
