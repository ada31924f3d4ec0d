/**
 * Iterators that combine other internal iterators; the merging iterator is the read path's core.
 */
package io.sediment.lsm.internal.iterator;
