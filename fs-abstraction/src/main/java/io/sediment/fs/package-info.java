/**
 * The file-system layer of Sediment: one view over any Hadoop file system ({@link
 * io.sediment.fs.FileSystemView}) offering write-once files and positional reads, atomic publishing
 * of small versioned metadata ({@link io.sediment.fs.VersionedPublisher}), and the
 * reference-counted, ownership-aware map from logical to physical files ({@link
 * io.sediment.fs.FileRegistry}).
 *
 * <p>Everything here works the same on a local disk, HDFS and object stores because it uses only
 * create-if-absent, sequential write + sync + close, positional read, size, delete and (for garbage
 * collection only) listing. Nothing relies on rename, append or overwrite.
 */
package io.sediment.fs;
