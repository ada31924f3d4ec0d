/**
 * File-system wrappers for tests and benchmarks: latency ({@link
 * io.sediment.fs.wrap.LatencyFileSystem}), faults and crashes ({@link
 * io.sediment.fs.wrap.FaultInjectingFileSystem}) and operation counts ({@link
 * io.sediment.fs.wrap.CountingFileSystem}).
 *
 * <p>All are {@link org.apache.hadoop.fs.FilterFileSystem}s built on {@link
 * io.sediment.fs.wrap.InterceptingFileSystem}, so they stack and sit under any component: as
 * decorators of an open file system handed to {@link io.sediment.fs.FileSystemView#wrap}, or
 * selected by a composite URI scheme such as {@code latency+hdfs://nn:8020/db} (see {@link
 * io.sediment.fs.wrap.WrapperSchemes}).
 */
package io.sediment.fs.wrap;
