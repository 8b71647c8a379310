package org.idnet.disclosure.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.disclosure.TestPeers;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.disclosure.audit.store.TinkCheckpointSigner;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.disclosure.audit.api.AuditLogGrpcService;
import org.idnet.disclosure.audit.domain.AuditCheckpointIssuer;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditEventType;
import org.idnet.disclosure.audit.domain.AuditLogVerifier;
import org.idnet.disclosure.audit.store.JdbcAuditCheckpoints;
import org.idnet.disclosure.audit.store.JdbcAuditHistory;
import org.idnet.disclosure.audit.store.JdbcAuditLog;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.disclosure.v1.AuditLogServiceGrpc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log as production wires it, over a fresh real database (the service's role for the
 * service, the owner for tampering), with its gRPC API on an in-process server behind the caller
 * check, and stubs that carry callers as the gateway states them.
 */
public final class AuditFixture implements AutoCloseable {

  public static final Caller AUDITOR = new Caller("auditor-1", "auditor-1", "", Set.of("auditor"));
  public static final Caller OFFICER = new Caller("officer-1", "officer-1", "agency-1", Set.of("agency-officer"));
  private static final AuditEventType[] TYPES = AuditEventType.values();

  public final DisclosureDatabase db;
  public final KeysetHandle keys;
  public final TransactionTemplate tx;
  public final JdbcAuditLog log;
  public final JdbcAuditHistory history;
  public final JdbcAuditCheckpoints checkpoints;
  public final TinkCheckpointSigner signer;
  public final AuditCheckpointIssuer issuer;
  public final AuditLogVerifier verifier;
  private final Server server;
  private final ManagedChannel channel;

  private AuditFixture(Clock clock, DataSource serviceDataSource) throws IOException {
    db = DisclosureDatabase.create();
    DataSource app = serviceDataSource != null ? serviceDataSource : db.app();
    keys = newSigningKeyset();
    var transactions = new DataSourceTransactionManager(app);
    tx = new TransactionTemplate(transactions);
    log = new JdbcAuditLog(app, clock);
    history = new JdbcAuditHistory(app, transactions);
    checkpoints = new JdbcAuditCheckpoints(app, transactions);
    signer = new TinkCheckpointSigner(keys, clock);
    issuer = new AuditCheckpointIssuer(history, checkpoints, signer);
    verifier = new AuditLogVerifier(history, checkpoints, signer.signatures());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        // As production chains them (GrpcConfiguration): caller check outermost, then status
        // mapping; ServerInterceptors.intercept runs the last one first.
        .addService(ServerInterceptors.intercept(new AuditLogGrpcService(history, issuer, verifier),
            new ErrorMappingInterceptor(GrpcErrors::refusal), new CallerServerInterceptor(TestPeers.RESOLVER)))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  public static AuditFixture create() {
    return create(Clock.systemUTC(), null);
  }

  /** With the service's side on {@code serviceDataSource} (e.g. one that cannot connect). */
  public static AuditFixture create(Clock clock, DataSource serviceDataSource) {
    try {
      return new AuditFixture(clock, serviceDataSource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static KeysetHandle newSigningKeyset() {
    try {
      SignatureConfig.register();
      return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plausible event, varied by {@code i}: types, officials, agencies and requests differ. */
  public static AuditEvent event(int i) {
    return new AuditEvent(TYPES[i % TYPES.length], i % 5 == 0 ? AuditEvent.SYSTEM : "officer-" + i % 3,
        "agency-" + (1 + i % 2), UUID.nameUUIDFromBytes(("request-" + i / 3).getBytes(StandardCharsets.UTF_8)));
  }

  /** Appends {@code count} more events, each in its own committed transaction, as the workflow does. */
  public void append(int count) {
    for (int i = 0; i < count; i++) {
      AuditEvent event = event(i);
      tx.executeWithoutResult(status -> log.append(event));
    }
  }

  /**
   * Rewrites history as only the owner can: with the append-only triggers switched off for this
   * one transaction (what an insider with the owner's password, or a restored backup, could do).
   */
  public void tamper(String sql, Object... args) {
    new TransactionTemplate(new DataSourceTransactionManager(db.owner())).executeWithoutResult(status -> {
      JdbcTemplate owner = new JdbcTemplate(db.owner());
      // One connection for the whole transaction: the template binds it to the thread.
      owner.execute("ALTER TABLE audit_entries DISABLE TRIGGER USER");
      owner.update(sql, args);
      owner.execute("ALTER TABLE audit_entries ENABLE TRIGGER USER");
    });
  }

  public AuditLogServiceGrpc.AuditLogServiceBlockingStub stub(Caller caller) {
    var stub = AuditLogServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    return stub.withInterceptors(TestPeers.gateway(caller));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
