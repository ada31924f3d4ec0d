/** Write batches on the write path: their byte encoding and their insertion into a memtable. */
package io.sediment.lsm.internal.batch;
