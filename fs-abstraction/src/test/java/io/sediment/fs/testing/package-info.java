/**
 * Test fixtures shared through the module's test jar: {@link io.sediment.fs.testing.MiniDfs}, an
 * in-process HDFS per test class, and {@link io.sediment.fs.testing.LocalTempDirs}, fresh local
 * directories; both are {@link io.sediment.fs.testing.FsTarget}s so one contract test runs on
 * either.
 */
package io.sediment.fs.testing;
