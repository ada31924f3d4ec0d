/**
 * One definition of the db_bench workloads, shared by {@code sediment bench} (the tool) and the JMH
 * benchmarks, so that a workload name measures the same thing in both: the same keys and values
 * ({@link io.sediment.workloads.KeyValueGenerator}: sizes, order, compressibility), the same load
 * order ({@link io.sediment.workloads.LoadOrder}), the same starting state, key choice and values
 * per step ({@link io.sediment.workloads.Workload}), and the same counter merge for mergerandom
 * ({@link io.sediment.workloads.Workloads#counterMerge()}, RocksDB's {@code uint64add} layout).
 *
 * <p>Why a module of its own: the definitions are needed by the tool and by {@code jmh/}, and
 * neither can depend on the other (the tool must not pull in rocksdbjni and forstjni, and the
 * benchmarks must not pull in the tool's command-line code). It depends on {@code compaction} only
 * for the counter merge's operand layout; it has no engine code: executing a step on an engine (a
 * Sediment {@code Db}, RocksDB or ForSt) and measuring it stays with each runner.
 */
package io.sediment.workloads;
