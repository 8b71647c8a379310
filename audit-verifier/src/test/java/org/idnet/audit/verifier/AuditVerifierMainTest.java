package org.idnet.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as an auditor runs it: files in, one line and an exit status out. */
class AuditVerifierMainTest {

  static final KeysetHandle KEYS = TestChains.newSigningKeyset();
  static final List<AuditEntry> CHAIN = TestChains.chain(42);

  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Object... args) {
    String[] strings = java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new);
    return AuditVerifierMain.run(strings, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runWhenPagesIntactThenOkAndExitZero() throws Exception {
    int status = run(TestExports.pages(dir, CHAIN, 10), TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 40)),
        TestExports.signingKeys(dir, KEYS));

    assertThat(status).isZero();
    assertThat(out()).isEqualTo("OK: 42 entries, checkpoint size 40 verified");
  }

  @Test
  void runWhenJsonLinesAndRawKeysetThenOk() throws Exception {
    Path keyset = Files.writeString(dir.resolve("keyset.json"),
        TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(KEYS.getPublicKeysetHandle()));

    int status = run(TestExports.lines(dir, CHAIN), TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 42)),
        keyset);

    assertThat(status).isZero();
    assertThat(out()).isEqualTo("OK: 42 entries, checkpoint size 42 verified");
  }

  @Test
  void runWhenOneFieldChangedThenTamperedAtThatSeqAndExitOne() throws Exception {
    List<AuditEntry> tampered = new ArrayList<>(CHAIN);
    tampered.set(16, TestChains.withActor(CHAIN.get(16), "officer-18"));

    int status = run(TestExports.pages(dir, tampered, 100), TestExports.checkpoint(dir,
        TestChains.checkpoint(KEYS, CHAIN, 40)), TestExports.signingKeys(dir, KEYS));

    assertThat(status).isEqualTo(1);
    assertThat(out()).isEqualTo("TAMPERED: first bad seq 17 (hash mismatch)");
  }

  @Test
  void runWhenTailTruncatedAfterCheckpointThenTamperedShorterThanCheckpoint() throws Exception {
    int status = run(TestExports.lines(dir, CHAIN.subList(0, 30)), TestExports.checkpoint(dir,
        TestChains.checkpoint(KEYS, CHAIN, 40)), TestExports.signingKeys(dir, KEYS));

    assertThat(status).isEqualTo(1);
    assertThat(out()).isEqualTo("TAMPERED: first bad seq 31 (shorter than checkpoint (size 40))");
  }

  @Test
  void runWhenCheckpointSizeAlteredThenSignatureFailsAndExitOne() throws Exception {
    AuditCheckpoint c = TestChains.checkpoint(KEYS, CHAIN, 40);
    AuditCheckpoint altered = new AuditCheckpoint(30, CHAIN.get(29).hash(), c.issuedAt(), c.signature(), c.keyId());

    int status = run(TestExports.lines(dir, CHAIN.subList(0, 30)), TestExports.checkpoint(dir, altered),
        TestExports.signingKeys(dir, KEYS));

    assertThat(status).isEqualTo(1);
    assertThat(out()).startsWith("TAMPERED: checkpoint signature does not verify");
  }

  @Test
  void runWhenKeysOfAnotherSignerThenTampered() throws Exception {
    int status = run(TestExports.lines(dir, CHAIN), TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 42)),
        TestExports.signingKeys(dir, TestChains.newSigningKeyset()));

    assertThat(status).isEqualTo(1);
    assertThat(out()).startsWith("TAMPERED: checkpoint signature does not verify");
  }

  @Test
  void runWhenArgumentsMissingThenUsageAndExitTwo() {
    assertThat(run("only-one.json")).isEqualTo(2);
    assertThat(err()).contains("expected 3 files, got 1").contains("usage: verify-audit");
  }

  @Test
  void runWhenFileMissingOrNotJsonThenExitTwoNamingTheFile() throws Exception {
    Path checkpoint = TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 42));
    Path keys = TestExports.signingKeys(dir, KEYS);

    assertThat(run(dir.resolve("nope.json"), checkpoint, keys)).isEqualTo(2);
    assertThat(err()).contains("cannot read").contains("nope.json").contains("no such file");

    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"entries\": [ {\"seq\": ");
    assertThat(run(garbage, checkpoint, keys)).isEqualTo(2);
    assertThat(err()).contains("garbage.json is not JSON");
  }

  @Test
  void runWhenEntryFieldMalformedThenExitTwoNamingEntryAndField() throws Exception {
    Path entries = Files.writeString(dir.resolve("bad.jsonl"), TestExports.JSON.writeValueAsString(
        TestExports.entry(CHAIN.get(0)).put("hash", "xyz")) + "\n");

    int status = run(entries, TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 1)),
        TestExports.signingKeys(dir, KEYS));

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains("entry 1").contains("64 hex digits");
  }

  @Test
  void runWhenKeysetHoldsPrivateKeyThenExitTwo() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.json"), TinkJsonProtoKeysetFormat.serializeKeyset(KEYS,
        com.google.crypto.tink.InsecureSecretKeyAccess.get()));

    int status = run(TestExports.lines(dir, CHAIN), TestExports.checkpoint(dir, TestChains.checkpoint(KEYS, CHAIN, 42)),
        secret);

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains("not a public Tink keyset");
  }
}
