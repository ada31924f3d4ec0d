package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompactionFilterTest {

  @Test
  void resultsCarryAValueExactlyForChangeValue() {
    assertEquals(CompactionFilter.Decision.KEEP, CompactionFilter.Result.keep().decision());
    assertEquals(CompactionFilter.Decision.REMOVE, CompactionFilter.Result.remove().decision());
    CompactionFilter.Result c = CompactionFilter.Result.changeValue(new byte[] {1});
    assertEquals(CompactionFilter.Decision.CHANGE_VALUE, c.decision());
    assertArrayEquals(new byte[] {1}, c.newValue());
    assertThrows(IllegalArgumentException.class, () -> CompactionFilter.Result.changeValue(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CompactionFilter.Result(CompactionFilter.Decision.KEEP, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new CompactionFilter.Result(null, null));
  }
}
