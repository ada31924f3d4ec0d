/**
 * The SST file format: writing, reading, and iterating sorted tables. The byte layout is documented
 * in {@code docs/format/sst.md}; this note explains how the code is arranged and why.
 *
 * <p><b>Layers.</b> {@link io.sediment.lsm.internal.sst.BlockBuilder} and {@code BlockIterator}
 * know the entry layout of one block (prefix-compressed keys, restart points) and nothing else.
 * {@code BlockWriter} and {@code BlockReader} add the per-block trailer: compression and CRC32C.
 * {@link io.sediment.lsm.internal.sst.SstWriter} and {@link io.sediment.lsm.internal.sst.SstReader}
 * assemble files from blocks; {@code SstIterator} is the two-level iterator over the in-memory
 * index and the data blocks.
 *
 * <p><b>Memory.</b> The index is decoded once at open into flat arrays ({@code IndexTable}) and the
 * bloom filter is kept as its raw bits: both live on the heap for the reader's life, so a lookup
 * touches storage only for the one data block it needs. Data blocks are decompressed into Netty
 * heap buffers. With a {@link io.sediment.cache.BlockCache} the cache owns them and readers pin a
 * block (retain) only while they read it; without one, each read allocates and frees its own.
 *
 * <p><b>No allocation per step.</b> The block iterator rebuilds the current key in one growing
 * buffer and exposes values as slices of the block's array; point lookups use per-thread scratch
 * (seek target and block iterator) and compare user keys in place. Block decoding is bounds-checked
 * and reports problems with an unchecked exception that the SST layer converts into a {@link
 * io.sediment.lsm.CorruptionException} naming the file and block offset.
 *
 * <p><b>Errors.</b> Checksums are verified before any byte of a block is interpreted; structure
 * (contiguous data blocks, increasing separators, consistent counts) is verified at open. The
 * format therefore never yields a wrong answer from damaged bytes: it fails with the file and
 * offset of the damage.
 */
package io.sediment.lsm.internal.sst;
