package io.sediment.nexmark;

import io.sediment.stream.Serializer;
import io.sediment.stream.window.AggregateFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bids at the highest price among a window's elements (all of them on a tie). Each element
 * brings bids ({@code bidsOf}: one bid, or the highest bids of a part of the window), so the same
 * function aggregates bids per key and then those partial results per window. The accumulator is
 * treated as immutable.
 *
 * @param <T> the element type
 */
final class MaxPriceBids<T> implements AggregateFunction<T, List<Bid>, List<Bid>> {

  private static final Serializer<List<Bid>> BIDS = Codecs.bidLists();

  private final Function<? super T, List<Bid>> bidsOf;

  MaxPriceBids(Function<? super T, List<Bid>> bidsOf) {
    this.bidsOf = bidsOf;
  }

  @Override
  public List<Bid> createAccumulator() {
    return List.of();
  }

  @Override
  public List<Bid> add(T input, List<Bid> accumulator) {
    return merge(accumulator, bidsOf.apply(input));
  }

  @Override
  public List<Bid> merge(List<Bid> a, List<Bid> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    long pa = a.get(0).price();
    long pb = b.get(0).price();
    if (pa != pb) {
      return pa > pb ? a : b;
    }
    List<Bid> both = new ArrayList<>(a.size() + b.size());
    both.addAll(a);
    both.addAll(b);
    return both;
  }

  @Override
  public byte[] serialize(List<Bid> accumulator) {
    return BIDS.serialize(accumulator);
  }

  @Override
  public List<Bid> deserialize(byte[] bytes) {
    return BIDS.deserialize(bytes);
  }

  @Override
  public List<Bid> result(List<Bid> accumulator) {
    return accumulator;
  }
}
