/**
 * Which SST files are live, per level: {@link io.sediment.lsm.internal.version.FileMetadata},
 * immutable {@link io.sediment.lsm.internal.version.Version}s, {@link
 * io.sediment.lsm.internal.version.VersionEdit}s between them, and the {@link
 * io.sediment.lsm.internal.version.VersionSet} that publishes each new state (through the manifest)
 * before making it current and keeps files alive while any pinned version holds them.
 *
 * <p>Key ranges are internal keys. A range tombstone's exclusive end is recorded as {@code
 * end@MAX_SEQUENCE RANGE_DELETE}, which sorts before every real entry of {@code end}: a file whose
 * largest bound is such a sentinel holds nothing of that user key, and {@link
 * io.sediment.lsm.internal.version.FileMetadata#endsBefore} treats it so, which lets compaction
 * split a tombstone over adjacent, disjoint outputs.
 */
package io.sediment.lsm.internal.version;
