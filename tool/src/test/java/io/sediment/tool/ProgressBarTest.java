package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void drawsInPlaceOnlyWhenEnabled() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = new ProgressBar(err, true, "fillseq", 200);
    bar.draw(100);
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.startsWith("\rfillseq ["), drawn);
    assertTrue(drawn.endsWith("] 50%"), drawn);
    assertEquals(20, drawn.chars().filter(c -> c == '#').count(), drawn);

    // The drawing thread stops and clears the line once the work is finished.
    AtomicBoolean finished = new AtomicBoolean(true);
    Thread t = bar.start(() -> 200, finished::get, 1);
    t.join();
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("100%"));

    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    ProgressBar off =
        new ProgressBar(new PrintStream(quiet, true, StandardCharsets.UTF_8), false, "x", 10);
    off.draw(5);
    Thread never = off.start(() -> 5, () -> true, 1);
    assertTrue(!never.isAlive());
    assertEquals(0, quiet.size());
  }

  @Test
  void theLaunchersWordOnStandardErrorWinsOverTheConsole() {
    assertTrue(Terminal.decide("true", false), "stderr is a terminal though stdout is piped");
    assertTrue(!Terminal.decide("false", true), "stderr redirected to a file");
    assertTrue(Terminal.decide(null, true), "run without the launcher: the console decides");
    assertTrue(!Terminal.decide(null, false));
    assertTrue(!Terminal.decide("maybe", false), "an unknown word falls back to the console");
  }
}
