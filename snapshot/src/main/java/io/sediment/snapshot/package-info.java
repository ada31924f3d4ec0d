/**
 * Zero-copy checkpoints, the shared-file registry, restore by reference and rescale.
 *
 * <p>A store's SST files are write-once, so a checkpoint is a list of names: {@link
 * io.sediment.snapshot.CheckpointStorage#checkpoint} flushes the store, pins a version and records
 * its files by physical path. Ownership decides who deletes a file: the store deletes the files it
 * owns; once a file is in a checkpoint it is <em>shared</em> and only the checkpoint storage
 * deletes it, when no retained checkpoint references it and no open store in the process holds it.
 * {@link io.sediment.snapshot.Restore} opens a new store whose manifest lists a checkpoint's files
 * where they are (not owned, or owned in {@link io.sediment.snapshot.RestoreMode#CLAIM} mode).
 * Rescaling a keyed job opens a store for a range of key groups out of the checkpoints of several
 * stores the same way, each file listed with a clip to its part of the range ({@link
 * io.sediment.snapshot.Restore#open(java.util.List, io.sediment.keygroups.KeyGroupRange,
 * io.sediment.lsm.DbOptions)}, docs/rescale.md).
 *
 * <p>Every metadata file is write-once and published by create-if-absent: checkpoint metadata as
 * {@code chk-<id>}, the registry as consecutive {@code registry-<version>} files. The registry is
 * always published before a file is deleted, so a crash can leave garbage but never lose a file a
 * retained checkpoint needs.
 *
 * <p>{@link io.sediment.snapshot.CheckpointInspector} reads all of this without changing anything,
 * for tools and operators: {@link io.sediment.snapshot.CheckpointDescription} is what one
 * checkpoint's metadata records, file by file ({@link io.sediment.snapshot.CheckpointFile}), and
 * {@link io.sediment.snapshot.RegistryDescription} what a registry version records. It decodes with
 * the code the storage uses, so each format has one reader.
 */
package io.sediment.snapshot;
