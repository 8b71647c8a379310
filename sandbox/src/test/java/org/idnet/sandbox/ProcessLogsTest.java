package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogsTest {

  @TempDir
  Path directory;

  @Test
  void theSandboxsLogAppendsUntilItOutgrowsItsBoundThenTheNextStartMovesItAside() throws Exception {
    ProcessLogs logs = new ProcessLogs(directory, "", 10);
    Path gateway = logs.of("gateway");
    Files.writeString(gateway, "run 1\n");
    assertThat(logs.of("gateway")).as("under the bound: the same file, appended").hasContent("run 1\n");

    Files.writeString(gateway, "run 1\nrun 2, longer\n");
    Path again = logs.of("gateway");
    assertThat(again).doesNotExist();
    assertThat(directory.resolve("gateway.previous.log")).hasContent("run 1\nrun 2, longer\n");

    Files.writeString(again, "run 3 grew past it too\n");
    logs.of("gateway");
    assertThat(directory.resolve("gateway.previous.log")).as("only one file kept aside").hasContent("run 3 grew past it too\n");
    assertThat(Files.list(directory)).hasSize(1);
  }

  @Test
  void aTestsLogsNeverRoll() throws Exception {
    ProcessLogs logs = new ProcessLogs(directory, "SomeTest-", 0);
    Path identity = logs.of("identity-service");
    Files.writeString(identity, "x".repeat(1000));
    assertThat(logs.of("identity-service")).isEqualTo(identity).hasContent("x".repeat(1000));
    assertThat(ProcessLogs.in(directory).rollBytes()).isEqualTo(ProcessLogs.SANDBOX_ROLL_BYTES);
  }
}
