package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.Peer;
import org.idnet.caller.PeerResolver;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestClock;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.CapabilityPolicy;
import org.idnet.identity.domain.EventFeed;
import org.idnet.identity.domain.IdentityRelease;
import org.idnet.identity.domain.NumberEventRecorder;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.domain.RateLimit;
import org.idnet.identity.domain.RealNameAttempts;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.domain.RealNameRegistrar;
import org.idnet.identity.hosted.api.HostedSessionGrpcService;
import org.idnet.identity.hosted.api.VerificationSessionGrpcService;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.JdbcAccountStandings;
import org.idnet.identity.store.JdbcAccountStore;
import org.idnet.identity.store.JdbcFailedConfirmations;
import org.idnet.identity.store.JdbcGrantLedger;
import org.idnet.identity.store.JdbcNumberEventStore;
import org.idnet.identity.store.JdbcPersonStore;
import org.idnet.identity.store.JdbcPhoneBindingStore;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.RedisVerificationCache;
import org.idnet.identity.store.Resilience4jRateLimit;
import org.idnet.identity.store.SubjectIds;
import org.idnet.identity.store.TinkGrantSignatures;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.identity.v1.AccountServiceGrpc;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CloseAccountRequest;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.NumberEventServiceGrpc;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.RecordNumberEventRequest;
import org.idnet.identity.v1.RegisterRealNameRequest;
import org.idnet.phone.PhoneNumberNormalizer;
import org.idnet.redis.RedisEndpoint;
import org.idnet.stores.TestStores;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * All services of identity-service behind the production interceptor chain (caller check
 * outermost, then status mapping) on an in-process server, over a real PostgreSQL and a real
 * Redis (its own key prefix, so harnesses never see each other's entries), with a clock the test
 * moves and stubs that carry callers. In-process calls have no TLS session: the peer travels in a
 * test-only header here ({@link #PEERS}); the mutual-TLS sessions themselves are tested over TCP
 * ({@code MutualTlsSocketTest}, {@code IdentityServiceApplicationTest}).
 */
final class GrpcHarness implements AutoCloseable {

  private static final Metadata.Key<String> TEST_PEER = Metadata.Key.of("x-test-peer", Metadata.ASCII_STRING_MARSHALLER);
  /** The in-process stand-in for {@link PeerResolver#mutualTls()}. */
  static final PeerResolver PEERS = (call, headers) -> java.util.Optional.ofNullable(headers.get(TEST_PEER)).map(Peer::new);
  static final Caller PLATFORM_A = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
  static final Caller PLATFORM_B = new Caller("sa-platform-b", "platform-b", "", Set.of("platform"));
  /** Stands for the peer phone-otp-service, which calls as itself (no caller); see {@link #as}. */
  static final Caller OTP = new Caller("phone-otp-service", "phone-otp-service", "", Set.of());
  static final Caller CARRIER = new Caller("sa-carrier-1", "carrier-1", "", Set.of("carrier"));
  /** Stands for the peer disclosure-service, which calls as itself (no caller); see {@link #as}. */
  static final Caller DISCLOSURE = new Caller("disclosure-service", "disclosure-service", "", Set.of());
  /** Stands for the peer webhook-dispatcher, which calls as itself (no caller); see {@link #as}. */
  static final Caller WEBHOOK_DISPATCHER = new Caller("webhook-dispatcher", "webhook-dispatcher", "", Set.of());
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.000123Z");
  /** Where the harness says idnet's pages are (the sandbox web's address). */
  static final String PAGES_URL = "http://localhost:8070";
  /** The web's client: role hosted-pages. */
  static final Caller WEB = new Caller("service-account-idnet-web", "idnet-web", "", Set.of("hosted-pages"));
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  /** identity-service's defaults for idnet.evidence.max-request-life and .release-horizon. */
  static final Duration MAX_REQUEST_LIFE = Duration.ofHours(72);
  static final Duration RELEASE_HORIZON = Duration.ofHours(24);
  /** Shorter than production's 5 s, so tests see answers cached again soon after a change. */
  static final Duration INVALIDATION_HOLD = Duration.ofMillis(300);
  /** idnet.identity.imports.imported-valid-for's default. */
  static final Duration IMPORTED_VALID_FOR = Duration.ofDays(365);

  final TestClock clock;
  final RedisVerificationCache cache;
  final String keyPrefix;
  /** Where this harness's invalidations are announced for gateways' near caches: its own channel. */
  final String invalidationChannel;
  final String redisUrl;
  private final RedisEndpoint redisEndpoint;
  final JdbcPersonStore persons;
  /** The services' metrics (number events per carrier, release refusals), as /actuator/prometheus shows them. */
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final BlindIndex blindIndex;
  final javax.sql.DataSource dataSource;
  /** The import processing job's work, run by tests when they choose (the job itself is a timer). */
  final org.idnet.identity.domain.ImportProcessor importProcessor;
  private final org.idnet.identity.store.JdbcImportStore importStore;
  /** Hosted verification's use case, over the harness's PostgreSQL (its cleanup run by tests). */
  final org.idnet.identity.hosted.domain.HostedSessions hostedSessions;
  /** A session's real-name step, over the same store. */
  final org.idnet.identity.hosted.domain.SessionRealNames sessionRealNames;
  private final Server server;
  private final ManagedChannel channel;

  private GrpcHarness(Builder b) throws IOException {
    clock = new TestClock(b.now);
    dataSource = b.dataSource;
    keyPrefix = "test-" + UUID.randomUUID() + ":";
    redisUrl = b.redisUrl;
    blindIndex = new BlindIndex(b.keys);
    redisEndpoint = RedisEndpoint.of("idnet.identity.cache.redis-url", b.redisUrl, b.redisTrustFile);
    invalidationChannel = "test-invalidations-" + UUID.randomUUID();
    cache = new RedisVerificationCache(redisEndpoint, keyPrefix, Duration.ofMinutes(10), Duration.ofMillis(100),
        Duration.ofMillis(500), INVALIDATION_HOLD, blindIndex, meters, invalidationChannel);
    AgeRule ages = new AgeRule(VIETNAM);
    var transactions = new DataSourceTransactionManager(b.dataSource);
    FieldCipher cipher = new FieldCipher(b.keys);
    PhoneBindingStore phones = b.phoneStore != null ? b.phoneStore
        : new JdbcPhoneBindingStore(b.dataSource, transactions, cipher, blindIndex);
    persons = new JdbcPersonStore(b.dataSource, transactions, cipher, blindIndex, new SubjectIds(b.keys), ages);
    JdbcAccountStandings standings = new JdbcAccountStandings(b.dataSource, cipher, blindIndex, ages,
        IMPORTED_VALID_FOR);
    AccountVerifier verifier = new AccountVerifier(standings, cache, b.policy, clock);
    var attempts = new RealNameAttempts(new JdbcFailedConfirmations(b.dataSource, blindIndex),
        b.maxFailedConfirmations, b.perPlatform, ages);
    var registrar = new RealNameRegistrar(b.register, attempts, persons, verifier, ages, b.maxAccounts, clock);
    var closer = new AccountCloser(new JdbcAccountStore(b.dataSource, transactions, cipher, blindIndex), verifier, clock);
    // Officials' tokens verified against the test issuer's keys over HTTP, archived in PostgreSQL.
    var archive = new org.idnet.identity.store.JdbcIssuerKeyArchive(b.dataSource, GrantSigner.ISSUER.issuer(),
        blindIndex::of, blindIndex::candidates, clock);
    var evidence = new org.idnet.caller.evidence.EvidenceVerifier(new org.idnet.caller.evidence.IssuerKeys(
        GrantSigner.ISSUER.issuer(), null, archive, clock, Duration.ofMinutes(1), Duration.ofMinutes(5)),
        org.idnet.caller.evidence.TestIssuer.AUDIENCE, clock, Duration.ofSeconds(30));
    var release = new IdentityRelease(new TinkGrantSignatures(b.grantKeys), new ProtoGrantDecoder(),
        new JdbcGrantLedger(b.dataSource, transactions, blindIndex::of, blindIndex::candidates), persons, phones, clock,
        new org.idnet.identity.domain.FourEyes(new org.idnet.identity.store.JwtOfficialTokens(evidence, archive,
            Duration.ofMinutes(5), Duration.ofSeconds(30)), Duration.ofMinutes(5), Duration.ofSeconds(30),
            MAX_REQUEST_LIFE, RELEASE_HORIZON),
        new org.idnet.identity.store.JdbcRefusalLog(b.dataSource, meters));
    var events = new NumberEventRecorder(PhoneNumberNormalizer.anyValid("VN"),
        new JdbcNumberEventStore(b.dataSource, transactions, blindIndex, cipher), verifier, clock, Duration.ofMinutes(5),
        b.perCarrier);
    importStore = new org.idnet.identity.store.JdbcImportStore(b.dataSource, transactions, cipher, blindIndex,
        org.idnet.identity.domain.ImportLimits.generous());
    importProcessor = new org.idnet.identity.domain.ImportProcessor(
        new org.idnet.identity.store.JdbcImportQueue(b.dataSource, transactions, cipher, blindIndex),
        new org.idnet.identity.store.JdbcImportExpiry(b.dataSource, transactions, cipher, blindIndex,
            IMPORTED_VALID_FOR),
        new org.idnet.identity.domain.ImportLineRules(Duration.ofDays(180)), verifier, clock);
    org.idnet.identity.hosted.store.JdbcHostedSessionStore hostedStore =
        new org.idnet.identity.hosted.store.JdbcHostedSessionStore(b.dataSource, transactions, cipher, blindIndex);
    org.idnet.identity.hosted.domain.ReturnUrls returnUrls = new org.idnet.identity.hosted.domain.ReturnUrls(hostedStore,
        clock, org.idnet.identity.hosted.api.ReturnUrlParser::accepts);
    sessionRealNames = new org.idnet.identity.hosted.domain.SessionRealNames(hostedStore, clock);
    hostedSessions = new org.idnet.identity.hosted.domain.HostedSessions(hostedStore, returnUrls, verifier,
        request -> blindIndex.of("verification-session-request", java.util.HexFormat.of().formatHex(request)),
        PAGES_URL, clock, Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(5));
    CallerServerInterceptor callers = new CallerServerInterceptor(PEERS);
    NearCacheHints hints = new NearCacheHints(cache::key, clock);
    ErrorMappingInterceptor errors = new ErrorMappingInterceptor(GrpcErrors::refusal);
    String name = InProcessServerBuilder.generateName();
    // ServerInterceptors.intercept runs the last interceptor first.
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new AccountVerificationGrpcService(verifier, hints), hints, errors,
            callers))
        .addService(ServerInterceptors.intercept(new PhoneBindingGrpcService(
            new PhoneBinder(phones, verifier, clock)), errors, callers))
        .addService(ServerInterceptors.intercept(new AccountGrpcService(registrar, closer, sessionRealNames), errors,
            callers))
        .addService(ServerInterceptors.intercept(new VerificationSessionGrpcService(returnUrls, hostedSessions),
            org.idnet.headers.ForwardedHeader.IDEMPOTENCY_KEY, errors, callers))
        .addService(ServerInterceptors.intercept(new HostedSessionGrpcService(hostedSessions),
            org.idnet.headers.ForwardedHeader.IDNET_SESSION, errors, callers))
        .addService(ServerInterceptors.intercept(new NumberEventGrpcService(events, meters), errors, callers))
        .addService(ServerInterceptors.intercept(new IdentityReleaseGrpcService(release), errors, callers))
        .addService(ServerInterceptors.intercept(new EventOutboxGrpcService(new EventFeed(
            new org.idnet.identity.store.JdbcEventOutbox(b.dataSource, blindIndex, cipher), standings, verifier, clock)),
            errors, callers))
        .addService(ServerInterceptors.intercept(new AccountImportGrpcService(new org.idnet.identity.domain.AccountImports(
            importStore, importStore, clock)), org.idnet.headers.ForwardedHeader.IDEMPOTENCY_KEY, errors, callers))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  static Builder over(DataSource dataSource, KeyProvider keys) {
    return new Builder(dataSource, keys);
  }

  static final class Builder {
    private final DataSource dataSource;
    private final KeyProvider keys;
    private CapabilityPolicy policy = CapabilityPolicy.DEFAULT;
    private PhoneBindingStore phoneStore;
    private PopulationRegister register = TestCitizens.POPULATION;
    private String redisUrl = TestStores.redis().uri();
    private java.nio.file.Path redisTrustFile;
    private int maxAccounts = 5;
    private Instant now = NOW;
    private java.nio.file.Path grantKeys;
    private int maxFailedConfirmations = 5;
    // Far above what the tests that are not about these limits send.
    private RateLimit perPlatform = new Resilience4jRateLimit(100_000, Duration.ofSeconds(1));
    private RateLimit perCarrier = new Resilience4jRateLimit(100_000, Duration.ofSeconds(1));

    private Builder(DataSource dataSource, KeyProvider keys) {
      this.dataSource = dataSource;
      this.keys = keys;
    }

    Builder policy(CapabilityPolicy value) {
      policy = value;
      return this;
    }

    Builder phoneStore(PhoneBindingStore value) {
      phoneStore = value;
      return this;
    }

    Builder register(PopulationRegister value) {
      register = value;
      return this;
    }

    /** The Redis of a Sentinel set-up, say, with the CA file that verifies it. */
    Builder redis(String url, java.nio.file.Path trustFile) {
      redisTrustFile = trustFile;
      return redis(url);
    }

    Builder redis(String url) {
      redisUrl = url;
      return this;
    }

    Builder maxAccounts(int value) {
      maxAccounts = value;
      return this;
    }

    /** Failed register confirmations per citizen id and day (5, as in production, by default). */
    Builder maxFailedConfirmations(int value) {
      maxFailedConfirmations = value;
      return this;
    }

    Builder perPlatform(RateLimit value) {
      perPlatform = value;
      return this;
    }

    Builder perCarrier(RateLimit value) {
      perCarrier = value;
      return this;
    }

    /** The trusted public keyset file of disclosure grants (none by default: every release is refused). */
    Builder grantKeys(java.nio.file.Path file) {
      grantKeys = file;
      return this;
    }

    GrpcHarness start() {
      try {
        return new GrpcHarness(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static KeyProvider newKeys() throws IOException {
    return VaultKeysets.plain(Files.createTempDirectory("identity-keys"), true);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub checks(Caller caller) {
    return AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  PhoneBindingServiceGrpc.PhoneBindingServiceBlockingStub binds(Caller caller) {
    return PhoneBindingServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  AccountServiceGrpc.AccountServiceBlockingStub accounts(Caller caller) {
    return AccountServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  NumberEventServiceGrpc.NumberEventServiceBlockingStub numberEvents(Caller caller) {
    return NumberEventServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /**
   * The metadata of a call for {@code caller}: {@link #OTP}, {@link #DISCLOSURE} and
   * {@link #WEBHOOK_DISPATCHER} are those services as peers, sending no caller, as they do; every other caller is stated by the gateway peer.
   */
  static ClientInterceptor as(Caller caller) {
    Metadata headers = new Metadata();
    if (caller == OTP || caller == DISCLOSURE || caller == WEBHOOK_DISPATCHER) {
      headers.put(TEST_PEER, caller.subject());
    } else {
      headers.put(TEST_PEER, Peer.GATEWAY);
      headers.merge(CallerMetadata.of(caller));
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** A public call: the gateway as peer, no caller (no token). */
  static ClientInterceptor gatewayWithoutCaller() {
    Metadata headers = new Metadata();
    headers.put(TEST_PEER, Peer.GATEWAY);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** The channel without peer or caller, for calls that must be refused as unauthenticated. */
  ManagedChannel channel() {
    return channel;
  }

  org.idnet.outbox.v1.EventOutboxServiceGrpc.EventOutboxServiceBlockingStub outbox(Caller caller) {
    return org.idnet.outbox.v1.EventOutboxServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  org.idnet.identity.v1.AccountImportServiceGrpc.AccountImportServiceBlockingStub imports(Caller caller) {
    return org.idnet.identity.v1.AccountImportServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  org.idnet.identity.v1.VerificationSessionServiceGrpc.VerificationSessionServiceBlockingStub verificationSessions(
      Caller caller) {
    return org.idnet.identity.v1.VerificationSessionServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** The hosted-pages methods as {@code caller}, with the Idnet-Session header when {@code session} is not null. */
  org.idnet.identity.v1.HostedSessionServiceGrpc.HostedSessionServiceBlockingStub hostedSessions(Caller caller,
      String session) {
    var stub = org.idnet.identity.v1.HostedSessionServiceGrpc.newBlockingStub(channel).withInterceptors(as(caller));
    if (session != null) {
      Metadata headers = new Metadata();
      headers.put(org.idnet.headers.ForwardedHeader.IDNET_SESSION.metadataKey(), session);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** ResolveHostedSession as the gateway calls it: as itself, no caller. */
  org.idnet.identity.v1.HostedSessionServiceGrpc.HostedSessionServiceBlockingStub resolver() {
    return org.idnet.identity.v1.HostedSessionServiceGrpc.newBlockingStub(channel)
        .withInterceptors(gatewayWithoutCaller()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  IdentityReleaseServiceGrpc.IdentityReleaseServiceBlockingStub releases(Caller caller) {
    return IdentityReleaseServiceGrpc.newBlockingStub(channel)
        .withInterceptors(as(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  AccountVerification check(Caller caller, String accountId) {
    return checks(caller).checkAccount(CheckAccountRequest.newBuilder().setAccountId(accountId).build())
        .getVerification();
  }

  List<AccountVerification> lookup(Caller caller, List<String> accountIds) {
    return checks(caller).lookupAccounts(LookupAccountsRequest.newBuilder().addAllAccountIds(accountIds).build())
        .getResultsList();
  }

  AccountVerification bind(String platform, String accountId, String phone, String verificationId) {
    return binds(OTP).bindPhone(bindRequest(platform, accountId, phone, verificationId)).getVerification();
  }

  AccountVerification registerRealName(Caller caller, RealNameForm form) {
    return accounts(caller).registerRealName(realNameRequest(form)).getVerification();
  }

  void closeAccount(Caller caller, String accountId) {
    accounts(caller).closeAccount(CloseAccountRequest.newBuilder().setAccountId(accountId).build());
  }

  void numberEvent(String phone, NumberEventType type, Instant occurredAt) {
    numberEvent(CARRIER, phone, type, occurredAt);
  }

  void numberEvent(Caller carrier, String phone, NumberEventType type, Instant occurredAt) {
    numberEvents(carrier).recordNumberEvent(numberEventRequest(phone, type, occurredAt));
  }

  static RegisterRealNameRequest realNameRequest(RealNameForm form) {
    RegisterRealNameRequest.Builder request = RegisterRealNameRequest.newBuilder()
        .setAccountId(form.accountId())
        .setFullName(form.fullName())
        .setNationalId(form.nationalId())
        .setDateOfBirth(form.dateOfBirth());
    if (form.guardianAccountId() != null) {
      request.setGuardianAccountId(form.guardianAccountId());
    }
    return request.build();
  }

  static RecordNumberEventRequest numberEventRequest(String phone, NumberEventType type, Instant occurredAt) {
    RecordNumberEventRequest.Builder request = RecordNumberEventRequest.newBuilder().setPhoneNumber(phone)
        .setType(type);
    if (occurredAt != null) {
      request.setOccurredAt(Timestamp.newBuilder().setSeconds(occurredAt.getEpochSecond())
          .setNanos(occurredAt.getNano()));
    }
    return request.build();
  }

  static BindPhoneRequest bindRequest(String platform, String accountId, String phone, String verificationId) {
    return BindPhoneRequest.newBuilder().setPlatformId(platform).setAccountId(accountId).setPhoneNumber(phone)
        .setVerificationId(verificationId).build();
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    for (var detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        return detail.unpack(ErrorInfo.class);
      }
    }
    throw new AssertionError("no ErrorInfo in " + status);
  }

  static Optional<BadRequest> badRequest(StatusRuntimeException e) throws InvalidProtocolBufferException {
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        return Optional.of(detail.unpack(BadRequest.class));
      }
    }
    return Optional.empty();
  }

  /** The raw cache entry of an account, once it is cached (not a tombstone); waits out the invalidation hold. */
  String cachedEntry(String platformId, String accountId) throws InterruptedException {
    String key = cache.key(platformId, accountId);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      check(new Caller("sa-" + platformId, platformId, "", Set.of("platform")), accountId);
      String value = redis(c -> c.get(key));
      if ((value != null && !value.equals("-")) || System.nanoTime() > deadline) {
        return value;
      }
      Thread.sleep(50);
    }
  }

  long cachedMillis(String platformId, String accountId) {
    return redis(c -> c.pttl(cache.key(platformId, accountId)));
  }

  /** The account's blind index as accounts.account_blind_index stores it, for tests that read rows. */
  byte[] index(String platformId, String accountId) {
    return blindIndex.of("account", platformId + "|" + accountId);
  }

  /** Redis as anyone with access to it sees it. */
  <T> T redis(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> commands) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redisEndpoint.uri());
    client.setOptions(redisEndpoint.applyTo(io.lettuce.core.ClientOptions.builder()).build());
    try (var connection = client.connect()) {
      return commands.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    cache.close();
  }
}
