package io.sediment.cache.disk;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** File helpers shared by the scenario suites. */
final class ScenarioFiles {

  private ScenarioFiles() {}

  static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static org.apache.hadoop.fs.Path write(FileSystemView view, String name, byte[] content)
      throws IOException {
    org.apache.hadoop.fs.Path path = view.resolve(name);
    view.writeAll(path, content);
    return path;
  }

  static byte[] read(ReadableFile file, long position, int length) throws IOException {
    byte[] out = new byte[length];
    file.readFully(position, out, 0, length);
    return out;
  }

  static byte[] slice(byte[] b, long from, int length) {
    return Arrays.copyOfRange(b, (int) from, (int) from + length);
  }

  static List<Path> entryFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(EntryFormat.ENTRY_SUFFIX)).sorted().toList();
    }
  }

  static long bytesOnDisk(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      long total = 0;
      for (Path p : s.toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
