package io.sediment.jmh;

import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.nio.file.Path;

/** The engines compared side by side. */
public enum Engine {
  SEDIMENT {
    @Override
    public KvStore open(Path dir, DbSettings settings) throws IOException {
      return SedimentStore.open(dir, settings);
    }
  },
  ROCKSDB {
    @Override
    public KvStore open(Path dir, DbSettings settings) throws IOException {
      return RocksDbStore.open(dir, settings);
    }
  },
  FORST {
    @Override
    public KvStore open(Path dir, DbSettings settings) throws IOException {
      return ForStStore.open(dir, settings);
    }
  };

  /** Opens a new store in an empty local directory. */
  public abstract KvStore open(Path dir, DbSettings settings) throws IOException;
}
