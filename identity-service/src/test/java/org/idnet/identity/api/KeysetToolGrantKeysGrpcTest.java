package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrantSigner.grant;
import static org.idnet.identity.api.GrpcHarness.DISCLOSURE;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.tool.KeysetTool;
import org.idnet.keysets.vault.VaultSettings;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' way to get the grant key here: disclosure-service writes no public keyset; an operator
 * makes it offline with {@code bin/idnet-keysets public-keyset} from the grant-signing keyset
 * (encrypted under a Vault transit key; {@link VaultTransitStandIn} stands in for Vault, which
 * cannot run on this machine) and mounts the file. identity-service, given that file, releases
 * against grants that keyset signs, over the real gRPC service and PostgreSQL, and refuses others.
 * disclosure-service's tests check that the command reads that service's own keyset files.
 */
class KeysetToolGrantKeysGrpcTest {

  /** disclosure-service's grant-signing keyset, named as its KeysConfiguration names it. */
  static final KeysetSpec GRANT_SIGNING = new KeysetSpec("grant-signing-keyset.json",
      PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
  static final KeysetLayout DISCLOSURE_KEYS = new KeysetLayout("disclosure", "idnet.disclosure.keys",
      List.of(GRANT_SIGNING));

  static VaultTransitStandIn vault;
  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static GrantSigner disclosure;

  @BeforeAll
  static void start() throws Exception {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-disclosure");
    String key = vault.keyUri("transit", "idnet-disclosure");
    Path keysets = Files.createTempDirectory("disclosure-keysets");
    Path token = Files.writeString(Files.createTempFile("vault-token", ""), vault.issueToken());
    KeysetHandle grantSigning = KeysetDirectory.kms(DISCLOSURE_KEYS, keysets, key,
        KeysetDirectory.kmsClientFor(DISCLOSURE_KEYS, key, VaultSettings.tokenFile(token, vault.caFile())), true)
        .load().get(GRANT_SIGNING);
    disclosure = GrantSigner.of(grantSigning);

    Path mounted = Files.createTempDirectory("grant-keys").resolve("grant-signing-public-keyset.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = KeysetTool.run(new String[] {"public-keyset", "--keys.directory", keysets.toString(),
        "--keys.kms-key-uri", key, "--keys.vault.token-file", token.toString(),
        "--keys.vault.ca-file", vault.caFile().toString(), "--out", mounted.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

    dataSource = TestDatabase.migrated("identity_keyset_tool");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).grantKeys(mounted).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
    vault.close();
  }

  @Test
  void releaseWhenTheGrantIsSignedByTheKeysetTheCommandPublishedThenTheGrantedFields() {
    String account = unique("holder");
    Citizen citizen = TestCitizens.bornIn(1985);
    grpc.bind("platform-a", account, "+84912000801", unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, citizen));

    ReleaseIdentityResponse released = grpc.releases(DISCLOSURE).releaseIdentity(disclosure.sign(
        grant("platform-a", account, grpc.clock.instant(), FULL_NAME, PHONE_NUMBER)));

    assertThat(released.getFound()).isTrue();
    assertThat(released.getFields().getFullName()).isEqualTo(citizen.fullName().value());
    assertThat(released.getFields().getPhoneNumber()).isEqualTo("+84912000801");
  }

  @Test
  void releaseWhenSignedByAKeyTheCommandDidNotPublishThenRefused() throws Exception {
    String account = unique("holder");
    grpc.bind("platform-a", account, "+84912000802", unique("v"));

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc.releases(DISCLOSURE)
        .releaseIdentity(new GrantSigner().sign(grant("platform-a", account, grpc.clock.instant(), PHONE_NUMBER))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(errorInfo(e).getReason()).isEqualTo("grant-refused");
    assertThat(e.getStatus().getDescription()).contains("unknown-key");
  }
}
