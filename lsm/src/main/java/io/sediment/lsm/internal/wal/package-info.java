/**
 * The optional write-ahead log: one new write-once file per memtable, records of {@code length,
 * CRC32C, payload}, synced before a write is acknowledged; a torn tail is dropped at recovery. Byte
 * layout: {@code docs/format/wal.md}.
 */
package io.sediment.lsm.internal.wal;
