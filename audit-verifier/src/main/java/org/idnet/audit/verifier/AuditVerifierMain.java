package org.idnet.audit.verifier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline verifier an auditor runs over what they saved from the API, trusting nothing but the
 * published public keys: checks the checkpoint's signature, recomputes the whole chain from seq 1
 * and compares it with the checkpoint. Exit 0 when both hold, 1 when something was tampered with
 * (naming the first bad seq), 2 when the input cannot be read (nothing was verified).
 */
public final class AuditVerifierMain {

  public static final int OK = 0;
  public static final int TAMPERED = 1;
  public static final int BAD_INPUT = 2;

  static final String USAGE = """
      usage: verify-audit ENTRIES CHECKPOINT SIGNING_KEYS
        ENTRIES       entries from seq 1 on: pages of GET /v1/audit/entries concatenated,
                      or one entry JSON object per line
        CHECKPOINT    the answer of GET /v1/audit/checkpoint, saved earlier
        SIGNING_KEYS  the answer of GET /v1/audit/signing-keys, or the public Tink keyset JSON
      exit status: 0 verified, 1 tampered (first bad seq printed), 2 unreadable input""";

  private AuditVerifierMain() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without the process exit, so tests can call it. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return OK;
    }
    if (args.length != 3) {
      err.println("verify-audit: expected 3 files, got " + args.length);
      err.println(USAGE);
      return BAD_INPUT;
    }
    try {
      return verify(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), out);
    } catch (BadInputException e) {
      err.println("verify-audit: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private static int verify(Path entries, Path checkpointFile, Path keysetFile, PrintStream out) {
    AuditCheckpoint checkpoint = AuditJson.readCheckpoint(checkpointFile);
    CheckpointSignatures signatures = AuditJson.readKeyset(keysetFile);
    if (!signatures.verify(checkpoint)) {
      // An altered checkpoint (or one signed by someone else) proves nothing about the entries.
      out.println("TAMPERED: checkpoint signature does not verify with the given public keys (key id "
          + checkpoint.keyId() + ")");
      return TAMPERED;
    }
    ChainVerifier chain = new ChainVerifier(List.of(checkpoint));
    AuditJson.readEntries(entries, chain::accept);
    Verification verdict = chain.finish();
    if (!verdict.valid()) {
      out.println("TAMPERED: first bad seq " + verdict.firstBadSeq() + " (" + verdict.problem() + ")");
      return TAMPERED;
    }
    out.println("OK: " + verdict.size() + " entries, checkpoint size " + checkpoint.size() + " verified");
    return OK;
  }
}
