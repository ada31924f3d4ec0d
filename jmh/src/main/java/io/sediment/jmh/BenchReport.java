package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.util.Locale;

/**
 * Figures JMH does not measure itself, printed in one greppable line each: {@code # sediment-metric
 * <workload> <engine> <shape> <name> <value>}, the shape being "keyBytes/valueBytes". The bench
 * scripts collect these next to JMH's JSON.
 */
final class BenchReport {

  private BenchReport() {}

  static void writeAmplification(String workload, Engine engine, String shape, double value) {
    metric(workload, engine, shape, "writeAmplification", value);
  }

  /**
   * Space amplification: bytes of live SST files per byte of user data, for a store holding exactly
   * {@code keys} distinct keys. Flushes first, so the memtable's data is counted on disk.
   */
  static void spaceAmplification(
      String workload, Engine engine, String shape, KvStore store, long keys, KeyValueGenerator kv)
      throws java.io.IOException {
    store.flush();
    double user = (double) keys * (kv.keyBytes() + kv.valueBytes());
    metric(workload, engine, shape, "spaceAmplification", store.liveSstBytes() / user);
  }

  static void metric(String workload, Engine engine, String shape, String name, double value) {
    // On a line of its own: JMH may have printed part of an iteration line before teardown.
    System.out.printf(
        Locale.ROOT,
        "%n# sediment-metric %s %s %s %s %.3f%n",
        workload,
        engine,
        shape,
        name,
        value);
  }
}
