/**
 * Nexmark on Sediment's stream layer: the auction events ({@link io.sediment.nexmark.Person},
 * {@link io.sediment.nexmark.Auction}, {@link io.sediment.nexmark.Bid}), a deterministic generator
 * ({@link io.sediment.nexmark.EventGenerator}) read through a replayable {@link
 * io.sediment.nexmark.NexmarkSource}, the queries as jobs of {@code io.sediment.stream.runtime}
 * ({@link io.sediment.nexmark.Queries}), each with an in-memory reference, and {@link
 * io.sediment.nexmark.NexmarkRun}, which runs a query and measures it.
 */
package io.sediment.nexmark;
