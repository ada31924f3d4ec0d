/**
 * The controller's parts, for this module only: the mailbox, key accounting, epochs, state requests
 * and the batch runner, the stored-key layout, the value layouts, and the merge function and
 * compaction filter that route by state.
 */
package io.sediment.stream.internal;
