package org.idnet.audit.verifier;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Files as an auditor saves them from the gateway (proto3 JSON: int64 as strings, base64 bytes). */
final class TestExports {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private TestExports() {
  }

  static ObjectNode entry(AuditEntry e) {
    return JSON.createObjectNode().put("seq", Long.toString(e.seq())).put("at", e.at().toString())
        .put("type", e.type()).put("actor", e.actor()).put("requestId", e.requestId())
        .put("agencyId", e.agencyId()).put("prevHash", e.prevHash().hex()).put("hash", e.hash().hex());
  }

  /** Pages of {@code pageSize} entries, concatenated as `cat page*.json` would. */
  static Path pages(Path dir, List<AuditEntry> entries, int pageSize) throws IOException {
    StringBuilder out = new StringBuilder();
    for (int from = 0; from < entries.size(); from += pageSize) {
      ObjectNode page = JSON.createObjectNode();
      var array = page.putArray("entries");
      entries.subList(from, Math.min(entries.size(), from + pageSize)).forEach(e -> array.add(entry(e)));
      out.append(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(page)).append('\n');
    }
    return Files.writeString(dir.resolve("entries.json"), out);
  }

  static Path lines(Path dir, List<AuditEntry> entries) throws IOException {
    StringBuilder out = new StringBuilder();
    entries.forEach(e -> out.append(JSON.writeValueAsString(entry(e))).append('\n'));
    return Files.writeString(dir.resolve("entries.jsonl"), out);
  }

  static Path checkpoint(Path dir, AuditCheckpoint c) throws IOException {
    ObjectNode node = JSON.createObjectNode().put("size", Long.toString(c.size())).put("rootHash", c.rootHash().hex())
        .put("issuedAt", c.issuedAt().toString()).put("signature", Base64.getEncoder().encodeToString(c.signature()))
        .put("keyId", c.keyId());
    return Files.writeString(dir.resolve("checkpoint.json"), JSON.writeValueAsString(node));
  }

  /** The answer of GET /v1/audit/signing-keys. */
  static Path signingKeys(Path dir, KeysetHandle signing) throws IOException, GeneralSecurityException {
    String keyset = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(signing.getPublicKeysetHandle());
    return Files.writeString(dir.resolve("signing-keys.json"),
        JSON.writeValueAsString(JSON.createObjectNode().put("publicKeysetJson", keyset)));
  }
}
