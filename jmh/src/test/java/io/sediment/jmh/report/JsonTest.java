package io.sediment.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesWhatJmhWrites() {
    Object v =
        Json.parse(
            "[ {\"benchmark\": \"a.B.m\", \"score\": 1.5e3, \"neg\": -2, \"nan\": \"NaN\","
                + " \"ok\": true, \"none\": null, \"list\": [], \"obj\": {},"
                + " \"esc\": \"q\\\"\\\\\\u0041\\n\"} ]");
    Map<?, ?> run = (Map<?, ?>) ((List<?>) v).get(0);
    assertEquals("a.B.m", run.get("benchmark"));
    assertEquals(1500.0, run.get("score"));
    assertEquals(-2.0, run.get("neg"));
    assertEquals("NaN", run.get("nan"));
    assertEquals(Boolean.TRUE, run.get("ok"));
    assertTrue(run.containsKey("none") && run.get("none") == null);
    assertEquals(List.of(), run.get("list"));
    assertEquals(Map.of(), run.get("obj"));
    assertEquals("q\"\\A\n", run.get("esc"));
  }

  @Test
  void syntaxErrorsNameTheOffset() {
    for (String bad : new String[] {"", "[1,", "{\"a\" 1}", "[1] x", "{a:1}", "[tru]", "[1-]"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }
  }
}
