package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadSpecTest {

  private static WorkloadSpec restore() {
    return new WorkloadSpec(
        "file:///tmp/s",
        "file:///tmp/c",
        OpenMode.RESTORE,
        7,
        "/tmp/handle-7",
        -3,
        42,
        100,
        500,
        8,
        40,
        2,
        CrashConfigs.settings("tiny-lz4", false));
  }

  @Test
  void argumentsRoundTrip() {
    WorkloadSpec s = restore();
    assertEquals(s, WorkloadSpec.parse(s.toArgs().toArray(String[]::new)));
    WorkloadSpec fresh =
        new WorkloadSpec(
            "file:///tmp/s",
            "file:///tmp/c",
            OpenMode.FRESH,
            -1,
            "",
            1,
            2,
            0,
            10,
            1,
            5,
            1,
            CrashConfigs.settings("wal-zstd", true));
    assertEquals(fresh, WorkloadSpec.parse(fresh.toArgs().toArray(String[]::new)));
  }

  @Test
  void refusesInconsistentSpecs() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WorkloadSpec(
                "s",
                "c",
                OpenMode.RESTORE,
                3,
                "",
                1,
                2,
                5,
                10,
                1,
                5,
                1,
                CrashConfigs.settings("tiny-lz4", false)),
        "a restore needs a handle");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WorkloadSpec(
                "s",
                "c",
                OpenMode.FRESH,
                -1,
                "",
                1,
                2,
                5,
                10,
                1,
                5,
                1,
                CrashConfigs.settings("tiny-lz4", false)),
        "a fresh store starts at op 0");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WorkloadSpec(
                "s",
                "c",
                OpenMode.FRESH,
                -1,
                "",
                1,
                2,
                0,
                10,
                1,
                0,
                1,
                CrashConfigs.settings("tiny-lz4", false)));
  }

  @Test
  void parseNamesTheBadArgument() {
    List<String> args = new ArrayList<>(restore().toArgs());
    args.add("colour=red");
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> WorkloadSpec.parse(args.toArray(String[]::new)));
    assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());

    List<String> missing = new ArrayList<>(restore().toArgs());
    missing.removeIf(a -> a.startsWith("seed="));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkloadSpec.parse(missing.toArray(String[]::new)));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());

    List<String> bad = new ArrayList<>(restore().toArgs());
    bad.replaceAll(a -> a.startsWith("start=") ? "start=ten" : a);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> WorkloadSpec.parse(bad.toArray(String[]::new)));
    assertTrue(e.getMessage().contains("ten"), e.getMessage());
  }
}
