/**
 * Changelog output: {@link io.sediment.stream.changelog.Change}s of kind {@code +I}, {@code -U},
 * {@code +U} and {@code -D} ({@link io.sediment.stream.changelog.RowKind}), emitted by operators
 * whose result is updated over time, and the {@link
 * io.sediment.stream.changelog.ChangelogTableSink}, which keeps the result as a table in a Sediment
 * store, applying each completed checkpoint's changes in one atomic write batch together with the
 * checkpoint's id, so that the table is always the result as of one checkpoint.
 */
package io.sediment.stream.changelog;
