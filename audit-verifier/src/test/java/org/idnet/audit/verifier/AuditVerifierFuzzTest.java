package org.idnet.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the offline verifier's input, the three files an auditor saved (entries, checkpoint,
 * signing keys), through the command itself ({@link AuditVerifierMain#run}). Whatever the files
 * hold, it exits 0 (verified), 1 (tampered, saying so) or 2 (unreadable, saying why), never with an
 * exception (a JVM dying on one exits 1, which would claim "tampered" for an input never checked).
 * It exits 0 exactly when the files still say what was signed: the genuine chain of 3 entries and
 * its checkpoint, however the JSON is laid out.
 *
 * <p>The input is the three files, NUL-separated; a file that is exactly {@code =} (or missing at
 * the end of the input) is the genuine one, so the seeds hold the one file they change.
 */
class AuditVerifierFuzzTest {

  @TempDir
  static Path directory;
  static List<AuditEntry> chain;
  static AuditCheckpoint checkpoint;
  static byte[][] genuine;

  @BeforeAll
  static void start() throws Exception {
    KeysetHandle signing = TestChains.newSigningKeyset();
    chain = TestChains.chain(3);
    checkpoint = TestChains.checkpoint(signing, chain, 3);
    genuine = new byte[][] {
        Files.readAllBytes(TestExports.pages(directory, chain, 2)),
        Files.readAllBytes(TestExports.checkpoint(directory, checkpoint)),
        Files.readAllBytes(TestExports.signingKeys(directory, signing))};
    // The genuine files must verify, or "exits 0 only for the genuine log" would hold vacuously.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(AuditVerifierMain.run(new String[] {directory.resolve("entries.json").toString(),
        directory.resolve("checkpoint.json").toString(), directory.resolve("signing-keys.json").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isEqualTo(AuditVerifierMain.OK);
  }

  @FuzzTest
  void anyFilesExitWithADocumentedStatus(byte[] input) throws IOException {
    byte[][] files = files(input);
    Path entries = Files.write(directory.resolve("entries.json"), files[0]);
    Path checkpointFile = Files.write(directory.resolve("checkpoint.json"), files[1]);
    Path keys = Files.write(directory.resolve("signing-keys.json"), files[2]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AuditVerifierMain.run(new String[] {entries.toString(), checkpointFile.toString(), keys.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    String said = out.toString(StandardCharsets.UTF_8);
    switch (status) {
      case AuditVerifierMain.OK -> {
        assertThat(said).startsWith("OK: ");
        assertThat(genuineCheckpoint(checkpointFile)).as("verified a checkpoint that was not signed").isTrue();
        assertThat(entries(entries).subList(0, 3)).as("verified entries that were not signed").isEqualTo(chain);
      }
      case AuditVerifierMain.TAMPERED -> assertThat(said).startsWith("TAMPERED: ");
      case AuditVerifierMain.BAD_INPUT -> assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("verify-audit: ");
      default -> throw new AssertionError("exit status " + status);
    }
    if (Arrays.equals(files[2], genuine[2]) && genuineCheckpoint(checkpointFile) && chain.equals(entries(entries))) {
      assertThat(status).as("the genuine log, laid out otherwise, must verify").isEqualTo(AuditVerifierMain.OK);
    }
  }

  /** Whether the file reads as the genuine checkpoint (any layout); false when it does not read at all. */
  private static boolean genuineCheckpoint(Path file) {
    AuditCheckpoint read;
    try {
      read = AuditJson.readCheckpoint(file);
    } catch (BadInputException unreadable) {
      return false;
    }
    return read.size() == checkpoint.size() && read.rootHash().equals(checkpoint.rootHash())
        && read.issuedAt().equals(checkpoint.issuedAt()) && Arrays.equals(read.signature(), checkpoint.signature())
        && sameKey(read.keyId());
  }

  private static boolean sameKey(String keyId) {
    try {
      return Integer.parseUnsignedInt(keyId) == Integer.parseUnsignedInt(checkpoint.keyId());
    } catch (NumberFormatException notAKeyId) {
      return false;
    }
  }

  /** The entries the file holds; empty when it does not read. */
  private static List<AuditEntry> entries(Path file) {
    List<AuditEntry> read = new ArrayList<>();
    try {
      AuditJson.readEntries(file, read::add);
    } catch (BadInputException unreadable) {
      return List.of();
    }
    return read;
  }

  private static byte[][] files(byte[] input) {
    byte[][] files = genuine.clone();
    int start = 0;
    int index = 0;
    for (int i = 0; i <= input.length && index < 3; i++) {
      if (i == input.length || input[i] == 0) {
        byte[] file = Arrays.copyOfRange(input, start, i);
        if (!(file.length == 1 && file[0] == '=')) {
          files[index] = file;
        }
        index++;
        start = i + 1;
      }
    }
    return files;
  }
}
