package io.sediment.jmh.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine and the engines' versions, for the setup section of the report. */
final class Environment {

  private Environment() {}

  /** CPU model and count, memory and OS, from /proc where it exists. */
  static String machine() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    return (cpu == null ? "" : cpu + ", ")
        + Runtime.getRuntime().availableProcessors()
        + " cores available"
        + (mem == null ? "" : ", " + mem + " memory")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch");
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String l : lines) {
        if (l.startsWith(key)) {
          int colon = l.indexOf(':');
          return colon < 0 ? null : l.substring(colon + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // not Linux, or not readable: the report just says less
    }
    return null;
  }

  static String rocksDbVersion() {
    try {
      org.rocksdb.RocksDB.loadLibrary();
      return String.valueOf(org.rocksdb.RocksDB.rocksdbVersion());
    } catch (RuntimeException | LinkageError e) {
      return "(version unavailable: " + e + ")";
    }
  }

  static String forStVersion() {
    try {
      org.forstdb.RocksDB.loadLibrary();
      return String.valueOf(org.forstdb.RocksDB.rocksdbVersion());
    } catch (RuntimeException | LinkageError e) {
      return "(version unavailable: " + e + ")";
    }
  }
}
