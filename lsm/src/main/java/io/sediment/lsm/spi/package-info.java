/**
 * The engine's service-provider interface: what modules built on the engine need from it beyond
 * {@link io.sediment.lsm.Db}'s user API. The checkpoint storage ({@code sediment-snapshot}) pins a
 * store's files, hands them to checkpoints and writes the first manifest of a restored store; the
 * tool reads manifests and inspects SSTs offline; test kits close a store as a crash would; the
 * benchmarks wait for compactions.
 *
 * <ul>
 *   <li>{@link io.sediment.lsm.spi.StoreEngine}: one open store's engine (flush, visible sequence,
 *       {@link io.sediment.lsm.spi.PinnedVersion pinned files}, shared files, physical paths,
 *       lifecycle listeners, a close that skips the flush).
 *   <li>{@link io.sediment.lsm.spi.StoreManifest}: a store's newest complete manifest, read without
 *       opening the store and without writing anything; and the first manifest of a new store, with
 *       the options' key-group declaration.
 *   <li>{@link io.sediment.lsm.spi.FileReferences}: the references such a first manifest lists:
 *       other stores' files, clipped to a key range and renumbered (restore, rescale).
 *   <li>{@link io.sediment.lsm.spi.SstFile}: one SST read-only: properties, entries, range
 *       deletions, a full checksum check.
 *   <li>{@link io.sediment.lsm.spi.InternalKeys}, {@link io.sediment.lsm.spi.EntryKind} and {@link
 *       io.sediment.lsm.spi.StoreFileCodec}: the layouts of internal keys and file entries that
 *       formats outside the engine (checkpoint metadata) share with it.
 * </ul>
 *
 * <p><b>Who may use it.</b> Code that extends the engine: the project's own modules, and users
 * writing tools, checkpoint integrations or test kits. Applications need only {@code
 * io.sediment.lsm}. Files are described by the public value {@link io.sediment.lsm.StoreFile};
 * nothing here exposes a type of {@code io.sediment.lsm.internal}, which no other module may use
 * (the build checks both).
 *
 * <p><b>What it guarantees.</b> Every type documents its errors as the rest of the engine does:
 * {@link java.lang.IllegalArgumentException} naming a bad value, {@link
 * java.lang.IllegalStateException} on a closed store, {@link java.io.IOException} naming the file
 * or URI, {@link io.sediment.lsm.CorruptionException} naming file and offset. Reading (manifests,
 * SSTs) never creates, changes or deletes a file or directory. The SPI may grow between releases;
 * what is here keeps its meaning.
 */
package io.sediment.lsm.spi;
