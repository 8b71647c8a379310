package org.idnet.disclosure.requests;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.BindableService;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.GeneralSecurityException;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import org.idnet.disclosure.release.api.GrpcIdentityReleaser;
import org.idnet.disclosure.release.api.ProtoRequestDigester;
import org.idnet.disclosure.release.api.TinkGrantIssuer;
import org.idnet.disclosure.release.api.TinkPackageCipher;
import org.idnet.headers.ForwardedHeader;
import org.idnet.keysets.TinkRegistration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.disclosure.TestPeers;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.caller.evidence.EvidenceServerInterceptor;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.IssuerKeys;
import org.idnet.caller.evidence.TestIssuer;
import org.idnet.disclosure.requests.store.JdbcEvidenceStore;
import org.idnet.disclosure.events.api.EventOutboxGrpcService;
import org.idnet.disclosure.events.domain.NoticeAnnouncer;
import org.idnet.disclosure.events.domain.OutboxReader;
import org.idnet.disclosure.events.store.JdbcEventOutbox;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.disclosure.audit.store.JdbcAuditLog;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.disclosure.reports.api.NoticeGrpcService;
import org.idnet.disclosure.reports.api.TransparencyGrpcService;
import org.idnet.disclosure.reports.domain.NoticeReader;
import org.idnet.disclosure.reports.domain.TransparencyReporter;
import org.idnet.disclosure.reports.store.JdbcNoticeStore;
import org.idnet.disclosure.reports.store.JdbcTransparencyStore;
import org.idnet.disclosure.requests.api.DisclosureRequestGrpcService;
import org.idnet.disclosure.requests.api.LegalBasisGrpcService;
import org.idnet.disclosure.requests.domain.DeadlineSweeper;
import org.idnet.disclosure.requests.domain.Deadlines;
import org.idnet.disclosure.requests.domain.LegalBasisCatalogue;
import org.idnet.disclosure.requests.domain.PackageReader;
import org.idnet.disclosure.requests.domain.PackageSweeper;
import org.idnet.disclosure.requests.domain.ReleaseOrchestrator;
import org.idnet.disclosure.requests.domain.ReleasePolicy;
import org.idnet.disclosure.requests.domain.ReleasePorts;
import org.idnet.disclosure.requests.domain.RequestCreator;
import org.idnet.disclosure.requests.domain.RequestDecisions;
import org.idnet.disclosure.requests.domain.RequestReader;
import org.idnet.disclosure.requests.store.JdbcIdempotencyStore;
import org.idnet.disclosure.requests.store.JdbcPackageStore;
import org.idnet.disclosure.requests.store.JdbcReleaseQueue;
import org.idnet.disclosure.requests.store.JdbcRequestStore;
import org.idnet.disclosure.requests.store.SpringTransactions;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.disclosure.v1.DisclosureNoticeServiceGrpc;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.LegalBasisServiceGrpc;
import org.idnet.disclosure.v1.TransparencyReportServiceGrpc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The request workflow wired as production wires it (RequestsConfiguration), on a fresh real
 * database as the service's role, with the real audit log, behind the production interceptor
 * chain on an in-process server, with the real release adapters (Tink grants and packages, the
 * gRPC identity client). Only identity-service itself is a stand-in, on its own in-process server.
 */
public final class RequestsHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-05-04T03:02:01.123456Z");
  /** The transparency report's period here: a minute (a day in production). */
  public static final Duration REPORT_PERIOD = Duration.ofMinutes(1);
  /** How recent a person's login must be for their token to approve: production's default. */
  public static final Duration APPROVAL_LOGIN_WITHIN = Duration.ofMinutes(5);
  /** How long after approval a release is tried: production's default. */
  public static final Duration RELEASE_HORIZON = Duration.ofHours(24);

  public final DisclosureDatabase db;
  public final TestClock clock = new TestClock(START);
  public final FakeIdentityService identity;
  public final JdbcTemplate owner;
  public final DeadlineSweeper deadlines;
  public final ReleaseOrchestrator releases;
  public final PackageSweeper packageSweeper;
  /** The notice job, run by hand. */
  public final NoticeAnnouncer noticeJob;
  /** The outbox store itself, for tests that announce as the release and the job do. */
  public final JdbcEventOutbox outbox;
  /** The service's blind-index and request-field keys, for tests that read or write rows themselves. */
  public final TargetSealer targets;
  /** The OIDC issuer whose tokens the officials send as evidence (JWKS over real HTTP). */
  public final TestIssuer issuer = TestIssuer.start();
  private final Server server;
  private final ManagedChannel channel;
  private final Server identityServer;
  private final ManagedChannel identityChannel;

  private RequestsHarness(LegalBasisCatalogue filing, LegalBasisCatalogue deciding, LegalBasisCatalogue releasing)
      throws IOException, GeneralSecurityException {
    TinkRegistration.ensure();
    KeysetHandle grantKeys = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    KeysetHandle publicGrantKeys = grantKeys.getPublicKeysetHandle();
    identity = new FakeIdentityService(() -> publicGrantKeys, clock);
    String identityName = InProcessServerBuilder.generateName();
    identityServer = InProcessServerBuilder.forName(identityName)
        .addService(ServerInterceptors.intercept(identity, new CallerServerInterceptor(TestPeers.RESOLVER))).build().start();
    identityChannel = InProcessChannelBuilder.forName(identityName).intercept(TestPeers.as("disclosure-service")).build();
    KeysetHandle packageKeys = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    PackageCipher cipher = new TinkPackageCipher(packageKeys);
    db = DisclosureDatabase.create();
    owner = new JdbcTemplate(db.owner());
    DataSource app = db.app();
    var transactions = new SpringTransactions(new DataSourceTransactionManager(app));
    var audit = new JdbcAuditLog(app, clock);
    targets = DisclosureDatabase.newTargetSealer();
    var requests = new JdbcRequestStore(app, targets);
    var packages = new JdbcPackageStore(app);
    var keys = new JdbcIdempotencyStore(app);
    var evidence = new JdbcEvidenceStore(app, packageKeys.getPrimitive(RegistryConfiguration.get(), Aead.class));
    var digester = new ProtoRequestDigester();
    outbox = new JdbcEventOutbox(app, targets);
    noticeJob = new NoticeAnnouncer(outbox, transactions, clock);
    Duration keyWindow = Duration.ofHours(24);
    releases = new ReleaseOrchestrator(releasing, new JdbcReleaseQueue(app, targets), requests, packages, audit,
        new ReleasePorts(new TinkGrantIssuer(grantKeys, clock, Duration.ofSeconds(30)),
            new GrpcIdentityReleaser(identityChannel, Duration.ofSeconds(5)), cipher, digester), transactions,
        clock, new ReleasePolicy(Duration.ofDays(7), Duration.ofSeconds(10), Duration.ofMinutes(10), RELEASE_HORIZON),
        evidence, outbox);
    deadlines = new DeadlineSweeper(requests, requests, keys, audit, transactions, clock, keyWindow);
    packageSweeper = new PackageSweeper(packages, audit, transactions, clock);
    var creator = new RequestCreator(filing, requests, keys, audit, transactions, clock,
        new Deadlines(Duration.ofHours(72), Duration.ofHours(1)), keyWindow, digester, evidence);
    var service = new DisclosureRequestGrpcService(creator, new RequestReader(requests, requests, transactions),
        new RequestDecisions(deciding, requests, audit, transactions, clock, releases, digester, evidence,
            APPROVAL_LOGIN_WITHIN),
        new PackageReader(requests, packages, cipher, audit, transactions, clock));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .addService(intercepted(service, evidenceInterceptor()))
        .addService(intercepted(new LegalBasisGrpcService(filing)))
        .addService(intercepted(new NoticeGrpcService(new NoticeReader(new JdbcNoticeStore(app, targets), transactions,
            clock))))
        .addService(intercepted(new TransparencyGrpcService(new TransparencyReporter(
            new JdbcTransparencyStore(app), transactions, clock, REPORT_PERIOD))))
        .addService(intercepted(new EventOutboxGrpcService(new OutboxReader(outbox, transactions))))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  public static RequestsHarness start() {
    return start(Catalogues.SANDBOX, Catalogues.SANDBOX, Catalogues.SANDBOX);
  }

  /**
   * With the catalogue as it stood when requests were filed, when they are decided and when they
   * are released: a catalogue changed in between (a restart with new configuration).
   */
  public static RequestsHarness start(LegalBasisCatalogue filing, LegalBasisCatalogue deciding,
      LegalBasisCatalogue releasing) {
    try {
      return new RequestsHarness(filing, deciding, releasing);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The production order: caller check outermost, evidence, status mapping, then the hand-overs. */
  private ServerServiceDefinition intercepted(BindableService service) {
    return intercepted(service, evidenceInterceptor());
  }

  private static ServerServiceDefinition intercepted(BindableService service, EvidenceServerInterceptor evidence) {
    // ServerInterceptors.intercept runs the last interceptor first.
    return ServerInterceptors.intercept(service, ForwardedHeader.IF_MATCH, ForwardedHeader.IDEMPOTENCY_KEY,
        new ErrorMappingInterceptor(GrpcErrors::refusal), evidence, new CallerServerInterceptor(TestPeers.RESOLVER));
  }

  private EvidenceServerInterceptor evidenceInterceptor() {
    return new EvidenceServerInterceptor(new EvidenceVerifier(new IssuerKeys(issuer.issuer(), null, null,
        Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(5)), TestIssuer.AUDIENCE, Clock.systemUTC(),
        Duration.ofSeconds(30)));
  }

  /** The caller's stub, its calls carrying the official's own token as evidence (as the gateway forwards it). */
  public DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub requests(Caller caller) {
    return withoutEvidence(caller).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
        EvidenceMetadata.of(tokenFor(caller))));
  }

  /**
   * The official's token as Keycloak issues it after a staff login with password and one-time code
   * just now (the harness clock): {@code auth_time} and {@code amr [pwd, otp]}.
   */
  public String tokenFor(Caller caller) {
    return issuer.token(caller, claims -> claims.claim("auth_time", clock.instant().getEpochSecond())
        .claim("amr", List.of("pwd", "otp")));
  }

  /** The caller's stub without evidence: a caller stated by the gateway's peer, but no official's own token. */
  public DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub withoutEvidence(Caller caller) {
    return DisclosureRequestServiceGrpc.newBlockingStub(channel)
        .withInterceptors(TestPeers.gateway(caller)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** A stub whose calls carry this If-Match (and evidence). */
  public DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub ifMatch(Caller caller, String ifMatch) {
    Metadata headers = new Metadata();
    headers.put(ForwardedHeader.IF_MATCH.metadataKey(), ifMatch);
    return requests(caller).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * Approves as a careful client does: with If-Match naming the digest the request has now (read by
   * the owner, so the approval is the only call the test makes as the supervisor).
   */
  public DisclosureRequest approve(Caller supervisor, ApproveDisclosureRequestRequest request) {
    List<String> digests;
    try {
      digests = owner.queryForList("SELECT digest FROM disclosure_requests WHERE id = ?::uuid", String.class,
          request.getId());
    } catch (org.springframework.dao.DataAccessException notAUuid) {
      digests = List.of();
    }
    String digest = digests.isEmpty() ? "0".repeat(64) : digests.get(0);
    return ifMatch(supervisor, "\"" + digest + "\"").approveDisclosureRequest(request);
  }

  /** A stub whose calls carry this Idempotency-Key. */
  public DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub requests(Caller caller, String key) {
    Metadata headers = new Metadata();
    headers.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), key);
    return requests(caller).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  public LegalBasisServiceGrpc.LegalBasisServiceBlockingStub legalBases(Caller caller) {
    return LegalBasisServiceGrpc.newBlockingStub(channel)
        .withInterceptors(TestPeers.gateway(caller)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  public DisclosureNoticeServiceGrpc.DisclosureNoticeServiceBlockingStub notices(Caller caller) {
    return DisclosureNoticeServiceGrpc.newBlockingStub(channel)
        .withInterceptors(TestPeers.gateway(caller)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** The event outbox as the peer {@code service} calls it (webhook-dispatcher alone may). */
  public EventOutboxServiceGrpc.EventOutboxServiceBlockingStub outbox(String service) {
    return outbox(TestPeers.as(service));
  }

  /** The event outbox through these interceptors only (none: a call without any peer identity). */
  public EventOutboxServiceGrpc.EventOutboxServiceBlockingStub outbox(io.grpc.ClientInterceptor... interceptors) {
    return EventOutboxServiceGrpc.newBlockingStub(channel).withInterceptors(interceptors)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Without any caller: the report is public. */
  public TransparencyReportServiceGrpc.TransparencyReportServiceBlockingStub transparency() {
    return TransparencyReportServiceGrpc.newBlockingStub(channel).withInterceptors(TestPeers.gateway(null))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Audit entries of one type for one request, counted by the owner (what an auditor would see). */
  public int audited(String type, String requestId) {
    return owner.queryForObject("SELECT count(*) FROM audit_entries WHERE type = ? AND request_id = ?::uuid",
        Integer.class, type, requestId);
  }

  public int requestRows(String agencyId) {
    return owner.queryForObject("SELECT count(*) FROM disclosure_requests WHERE agency_id = ?", Integer.class,
        agencyId);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    identityChannel.shutdownNow();
    identityServer.shutdownNow();
    issuer.close();
  }
}
