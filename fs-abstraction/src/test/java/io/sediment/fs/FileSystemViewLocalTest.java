package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class FileSystemViewLocalTest extends FileSystemViewContract {

  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }

  @Test
  void localViewsUseTheExclusiveRawFileSystemAndWriteNoChecksumFiles() throws IOException {
    assertInstanceOf(ExclusiveLocalFileSystem.class, view.hadoopFileSystem());
    view.writeAll(view.resolve("x"), new byte[3]);
    try (var files = Files.list(java.nio.file.Paths.get(view.root().toUri()))) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void localFilesReadLocallyAndWrappedOnesDoNot() throws IOException {
    view.writeAll(view.resolve("x"), new byte[3]);
    try (ReadableFile file = view.openRead(view.resolve("x"))) {
      assertTrue(file.readsLocally());
    }
    String root = view.root().toUri().toString();
    try (FileSystemView latency = FileSystemView.open("latency+" + root, new Configuration());
        ReadableFile file = latency.openRead(latency.resolve("x"))) {
      assertFalse(file.readsLocally(), "a wrapper stands for remote storage");
    }
  }

  @Test
  void permissionsAreSetOnTheLocalFile() throws IOException {
    org.apache.hadoop.fs.Path path = view.resolve("p");
    view.writeAll(path, new byte[1]);
    java.nio.file.Path local = java.nio.file.Paths.get(path.toUri());
    view.hadoopFileSystem()
        .setPermission(path, new org.apache.hadoop.fs.permission.FsPermission((short) 0640));
    assertEquals(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"),
        Files.getPosixFilePermissions(local));
    view.hadoopFileSystem()
        .setPermission(path, new org.apache.hadoop.fs.permission.FsPermission((short) 0604));
    assertEquals(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw----r--"),
        Files.getPosixFilePermissions(local));
    IOException missing =
        assertThrows(
            java.io.FileNotFoundException.class,
            () ->
                view.hadoopFileSystem()
                    .setPermission(
                        view.resolve("absent"),
                        new org.apache.hadoop.fs.permission.FsPermission((short) 0600)));
    assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
  }

  /** A local file system of the caller's own choosing. */
  public static final class CustomLocalFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {}

  @Test
  void aCustomLocalFileSystemIsRespected() throws IOException {
    Configuration conf = new Configuration();
    conf.setClass(
        "fs.file.impl", CustomLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    try (FileSystemView custom = FileSystemView.open(LocalTempDirs.fresh("custom"), conf)) {
      assertInstanceOf(CustomLocalFileSystem.class, custom.hadoopFileSystem());
    }
  }

  @Test
  void unknownSchemeIsAnIoErrorNamingTheUri() {
    IOException e =
        assertThrows(
            IOException.class, () -> FileSystemView.open("nosuch://host/db", new Configuration()));
    assertTrue(e.getMessage().contains("nosuch://host/db"), e.getMessage());
    IOException wrapped =
        assertThrows(IOException.class, () -> FileSystemView.open("latency+nosuch:///db", null));
    assertTrue(wrapped.getMessage().contains("nosuch"), wrapped.getMessage());
  }

  @Test
  void aMissingS3aConnectorIsNamedInTheError() {
    // As in a plain Sediment application without hadoop-aws: the tests have it (for the s3a://
    // suites), so the class S3A is loaded from is pointed at one that does not exist.
    Configuration withoutConnector = new Configuration();
    withoutConnector.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.AbsentS3AFileSystem");
    IOException e =
        assertThrows(
            IOException.class, () -> FileSystemView.open("s3a://bucket/db", withoutConnector));
    assertTrue(e.getMessage().contains("s3a://bucket/db"), e.getMessage());
    assertTrue(e.getMessage().contains("org.apache.hadoop:hadoop-aws:"), e.getMessage());
    assertTrue(e.getMessage().contains("software.amazon.awssdk"), e.getMessage());
    IOException unknown =
        assertThrows(IOException.class, () -> FileSystemView.open("nosuch://h/db", null));
    assertTrue(unknown.getMessage().contains("scheme 'nosuch'"), unknown.getMessage());
    assertFalse(unknown.getMessage().contains("hadoop-aws"), unknown.getMessage());
  }

  @Test
  void malformedUrisAreIllegalArgumentsNamingTheValue() {
    for (String bad : new String[] {"", "  ", "file:relative", "hdfs://bad host/"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FileSystemView.open(bad, null), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> FileSystemView.open((String) null, null));
    assertThrows(IllegalArgumentException.class, () -> FileSystemView.open((URI) null, null));
    assertThrows(IllegalArgumentException.class, () -> FileSystemView.wrap(null, view.root()));
  }

  @Test
  void aPlainAbsolutePathIsALocalDirectory() throws IOException {
    String plain = LocalTempDirs.freshPath("plain").toString();
    assertFalse(plain.contains(":"), plain);
    try (FileSystemView v = FileSystemView.open(plain, null)) {
      assertInstanceOf(ExclusiveLocalFileSystem.class, v.hadoopFileSystem());
      assertEquals("file", v.root().toUri().getScheme());
      assertEquals(java.nio.file.Paths.get(plain), java.nio.file.Paths.get(v.root().toUri()));
      v.writeAll(v.resolve("x"), new byte[2]);
    }
    assertTrue(Files.exists(java.nio.file.Paths.get(plain, "x")));
    try (FileSystemView again = FileSystemView.openExisting(plain + "/", null)) {
      assertTrue(again.exists(again.resolve("x")));
    }
  }

  @Test
  void aPlainRelativePathResolvesAgainstTheWorkingDirectory() throws IOException {
    String relative = "target/plain-relative-" + System.nanoTime() + "/./db";
    java.nio.file.Path expected = java.nio.file.Paths.get(relative).toAbsolutePath().normalize();
    assertEquals(expected.toUri(), FileSystemView.toUri(relative));
    try (FileSystemView v = FileSystemView.open(relative, null)) {
      v.writeAll(v.resolve("y"), new byte[1]);
    }
    assertTrue(Files.exists(expected.resolve("y")), expected.toString());
  }

  @Test
  void closingAWrappingViewLeavesTheFileSystemOpen() throws IOException {
    FileSystemView wrapped = FileSystemView.wrap(view.hadoopFileSystem(), view.resolve("inner"));
    wrapped.close();
    assertTrue(view.exists(view.resolve("inner")));
    assertFalse(view.exists(view.resolve("other")));
  }

  @Test
  void permissionDeniedIsAnIoErrorNamingThePath() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "root ignores file permissions; the HDFS suite covers this case");
    java.nio.file.Path locked = java.nio.file.Paths.get(view.root().toUri()).resolve("locked");
    Files.createDirectory(locked);
    assertTrue(locked.toFile().setWritable(false, false));
    try {
      IOException e =
          assertThrows(
              IOException.class,
              () -> view.create(new org.apache.hadoop.fs.Path(locked.toUri().toString() + "/f")));
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
    } finally {
      locked.toFile().setWritable(true, false);
    }
  }
}
