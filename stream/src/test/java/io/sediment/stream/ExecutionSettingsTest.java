package io.sediment.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecutionSettingsTest {

  @Test
  void defaultsAreFlinks() {
    ExecutionSettings s = ExecutionSettings.defaults();
    assertEquals(6000, s.inFlightRecordsLimit());
    assertEquals(1000, s.bufferSize());
    assertEquals(Duration.ofSeconds(1), s.bufferTimeout());
    assertEquals(EpochMode.SERIAL_BETWEEN_EPOCHS, s.epochMode());
    assertEquals(ExecutionMode.ASYNC, s.executionMode());
    assertEquals(
        "in-flight-records-limit=6000,buffer-size=1000,buffer-timeout=PT1S,"
            + "epoch-mode=serial-between-epochs,execution-mode=async,iterator-chunk-size=128",
        s.toString());
  }

  @Test
  void textRoundTripsAndAcceptsAnySubset() {
    ExecutionSettings s =
        ExecutionSettings.defaults().toBuilder()
            .inFlightRecordsLimit(7)
            .bufferSize(3)
            .bufferTimeout(Duration.ofMillis(5))
            .epochMode(EpochMode.PARALLEL_BETWEEN_EPOCHS)
            .executionMode(ExecutionMode.SYNC)
            .iteratorChunkSize(2)
            .build();
    assertEquals(s, ExecutionSettings.parse(s.toString()));
    assertEquals(s.hashCode(), ExecutionSettings.parse(s.toString()).hashCode());
    assertEquals(3, ExecutionSettings.parse("buffer-size=3").bufferSize());
    assertEquals(ExecutionSettings.defaults(), ExecutionSettings.parse(""));
  }

  @Test
  void badValuesAreNamed() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecutionSettings.defaults().toBuilder().bufferSize(0))
            .getMessage()
            .contains("buffer-size must be at least 1: 0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ExecutionSettings.parse("nope=1"))
            .getMessage()
            .contains("unknown key 'nope'"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecutionSettings.parse("buffer-timeout=soon"))
            .getMessage()
            .contains("buffer-timeout=soon"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExecutionSettings.defaults().toBuilder().bufferTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExecutionSettings.parse("buffer-size=1,buffer-size=2"));
  }
}
