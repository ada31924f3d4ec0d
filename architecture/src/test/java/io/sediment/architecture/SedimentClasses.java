package io.sediment.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compiled main and test classes of every module of the build, read from each module's {@code
 * target/classes} and {@code target/test-classes} (this module's own fixtures excluded). The build
 * passes the project root as the system property {@code sediment.root}.
 */
final class SedimentClasses {

  /** Modules whose classes must be present for the rules to mean anything. */
  static final List<String> REQUIRED_MODULES =
      List.of(
          "keygroups",
          "fs-abstraction",
          "cache",
          "lsm",
          "compaction",
          "workloads",
          "snapshot",
          "stream",
          "nexmark",
          "flink",
          "fuzz",
          "tool",
          "jmh");

  private static JavaClasses all;

  private SedimentClasses() {}

  static synchronized JavaClasses all() {
    if (all == null) {
      all = new ClassFileImporter().importPaths(classDirectories());
    }
    return all;
  }

  /**
   * Every {@code target/classes} and {@code target/test-classes} of the modules under the root.
   *
   * @throws IllegalStateException naming the module whose main classes are missing (build it first)
   */
  static List<Path> classDirectories() {
    String rootProperty = System.getProperty("sediment.root");
    if (rootProperty == null) {
      throw new IllegalStateException("system property sediment.root is not set");
    }
    Path root = Path.of(rootProperty).toAbsolutePath().normalize();
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path module : children.sorted().toList()) {
        if (!Files.exists(module.resolve("pom.xml"))
            || module.getFileName().toString().equals("architecture")) {
          continue;
        }
        for (String kind : List.of("classes", "test-classes")) {
          Path dir = module.resolve("target").resolve(kind);
          if (Files.isDirectory(dir)) {
            dirs.add(dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules in " + root, e);
    }
    for (String module : REQUIRED_MODULES) {
      Path main = root.resolve(module).resolve("target/classes/io/sediment");
      if (!Files.isDirectory(main)) {
        throw new IllegalStateException(
            "no compiled classes of module " + module + " at " + main + ": build it first");
      }
    }
    return dirs;
  }
}
