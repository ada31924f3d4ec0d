package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store location without a scheme is a local path, as the command-line tool treats it. */
class DbPlainPathTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anAbsolutePathOpensALocalStore() throws IOException {
    String plain = dir.resolve("db").toAbsolutePath().toString();
    try (Db db = Db.open(DbOptions.builder(plain).build())) {
      db.put(b("k"), b("v"));
    }
    assertTrue(Files.isDirectory(dir.resolve("db")), "created where the path says");
    try (Db db = Db.open(DbOptions.builder(dir.resolve("db").toUri().toString()).build())) {
      assertArrayEquals(b("v"), db.get(b("k")), "the same store through its file: URI");
    }
  }

  @Test
  void aRelativePathResolvesAgainstTheWorkingDirectory() throws IOException {
    String relative = "target/plain-path-db-" + System.nanoTime();
    Path absolute = Paths.get(relative).toAbsolutePath();
    try (Db db = Db.open(DbOptions.builder(relative).build())) {
      db.put(b("k"), b("v"));
    }
    try (Db db = Db.open(DbOptions.builder(absolute.toUri().toString()).build())) {
      assertArrayEquals(b("v"), db.get(b("k")));
    }
  }
}
