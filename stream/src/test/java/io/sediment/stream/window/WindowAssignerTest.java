package io.sediment.stream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The window arithmetic, checked by definition (the model tests take windows from the assigner, so
 * its arithmetic is checked here): every window holds the timestamp, starts on the grid and has the
 * size; no window of the grid that holds the timestamp is missing; a window is found again from its
 * last timestamp, and no other time names a window.
 */
class WindowAssignerTest {

  @Test
  void tumblingAndSlidingWindowsAreExactlyTheGridWindowsHoldingTheTimestamp() {
    Random random = new Random(5);
    List<WindowAssigner> assigners =
        List.of(
            WindowAssigner.tumblingEventTime(Duration.ofMillis(100)),
            WindowAssigner.tumblingEventTime(Duration.ofMillis(100), Duration.ofMillis(30)),
            WindowAssigner.slidingEventTime(Duration.ofMillis(100), Duration.ofMillis(30)),
            WindowAssigner.slidingProcessingTime(Duration.ofMillis(90), Duration.ofMillis(30)),
            WindowAssigner.tumblingProcessingTime(Duration.ofMillis(7)));
    long[][] sizeSlideOffset = {
      {100, 100, 0}, {100, 100, 30}, {100, 30, 0}, {90, 30, 0}, {7, 7, 0}
    };
    for (int a = 0; a < assigners.size(); a++) {
      WindowAssigner assigner = assigners.get(a);
      long size = sizeSlideOffset[a][0];
      long slide = sizeSlideOffset[a][1];
      long offset = sizeSlideOffset[a][2];
      for (int i = 0; i < 500; i++) {
        long ts = random.nextInt(100_000) - 50_000; // negative timestamps too
        List<TimeWindow> expected = new ArrayList<>();
        for (long start = Math.floorDiv(ts - size, slide) * slide + offset - slide;
            start <= ts;
            start += slide) {
          if (start + size > ts) {
            expected.add(new TimeWindow(start, start + size));
          }
        }
        List<TimeWindow> actual = new ArrayList<>(assigner.assignWindows(ts));
        actual.sort(null);
        assertEquals(expected, actual, assigner + " at " + ts);
        for (TimeWindow w : actual) {
          assertEquals(w, assigner.windowWithMaxTimestamp(w.maxTimestamp()), assigner + " " + w);
        }
      }
      // a time that is no window's last timestamp names none
      long notAnEnd = offset + 2 * slide + size - 1 - 1;
      assertNull(assigner.windowWithMaxTimestamp(notAnEnd), assigner + " at " + notAnEnd);
    }
  }

  @Test
  void aSessionIsTheGapFromTheElementAndSessionsMergeWhenTheyOverlapOrTouch() {
    WindowAssigner sessions = WindowAssigner.sessionEventTime(Duration.ofMillis(10));
    assertTrue(sessions.isMerging());
    assertEquals(List.of(new TimeWindow(5, 15)), sessions.assignWindows(5));
    assertNull(sessions.windowWithMaxTimestamp(14));
    TimeWindow a = new TimeWindow(5, 15);
    assertTrue(a.intersects(new TimeWindow(15, 25)), "touching windows merge");
    assertTrue(a.intersects(new TimeWindow(0, 6)));
    assertTrue(!a.intersects(new TimeWindow(16, 26)));
    assertEquals(
        new TimeWindow(0, 25), a.cover(new TimeWindow(0, 6)).cover(new TimeWindow(15, 25)));
    assertEquals(a, TimeWindow.serializer().deserialize(TimeWindow.serializer().serialize(a)));
  }

  @Test
  void invalidArgumentsAreRefusedNamingTheValue() {
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class, () -> WindowAssigner.tumblingEventTime(Duration.ZERO));
    assertTrue(size.getMessage().contains("size"), size.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowAssigner.slidingEventTime(Duration.ofMillis(10), Duration.ofMillis(20)));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowAssigner.tumblingEventTime(Duration.ofMillis(10), Duration.ofMillis(10)));
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(5, 5));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WindowTestFunctions.operator(
                    WindowAssigner.tumblingProcessingTime(Duration.ofMillis(10)), true)
                .withAllowedLateness(Duration.ofMillis(1)));
  }
}
