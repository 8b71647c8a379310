package org.idnet.gateway.hosted;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.idnet.caller.Caller;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.gateway.security.TokenCaller;
import org.idnet.identity.v1.HostedSessionServiceGrpc;
import org.idnet.identity.v1.ResolveHostedSessionRequest;
import org.idnet.identity.v1.ResolveHostedSessionResponse;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns a hosted session into its platform (docs/pages.md section 3.3). On a route whose policy has
 * {@code hosted}, a token of idnet's own pages (role {@code hosted-pages}, none of the route's own
 * roles) must carry {@code Idnet-Session: <sessionId>.<secret>}: missing, 403; malformed, or a
 * session identity-service does not resolve (unknown, wrong secret, expired, finished), 401
 * {@code invalid-session}. A resolved session is stated as {@code Caller("hosted-session:<id>",
 * <platform>, "", {platform}, <id>, <scope>)} for the rest of the exchange ({@link #of}): the rate
 * limit counts it under its platform's key, the transcoder states it to the service. A session
 * whose platform the operator has denied ({@link org.idnet.gateway.security.DeniedClients}) is
 * answered like a session that no longer exists, 401 {@code invalid-session}: the platform's own
 * tokens get 401 ({@code client-disabled}) at once, so its open sessions stop acting at the same
 * moment. It runs before the rate limiter, so a refused session spends nothing of anyone's
 * bucket. Other tokens pass untouched.
 */
public final class HostedSessionCaller implements GatewayFilter {

  public static final String HEADER = "Idnet-Session";
  public static final String ROLE = "hosted-pages";
  public static final String INVALID_SESSION = "invalid-session";
  private static final String ATTRIBUTE = HostedSessionCaller.class.getName();
  private static final Pattern SESSION = Pattern.compile("^(vs_[A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})$");
  /** These calls are few (a person's steps): no cache, a short deadline. */
  static final Duration DEADLINE = Duration.ofSeconds(1);

  private final ApiRoute route;
  private final Channel identity;
  private final GrpcProblems problems;
  private final Predicate<String> deniedClient;

  /** @param deniedClient whether a client id (here: the session's platform) is denied */
  public HostedSessionCaller(ApiRoute route, Channel identity, GrpcProblems problems,
      Predicate<String> deniedClient) {
    this.route = route;
    this.identity = identity;
    this.problems = problems;
    this.deniedClient = deniedClient;
  }

  /** The session caller this exchange acts as; empty unless a hosted session was resolved. */
  public static Optional<Caller> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
  }

  /** Whether the token is idnet's own pages' (and not also holding one of the route's roles). */
  static boolean isPagesToken(Jwt jwt, ApiRoute route) {
    Set<String> roles = TokenCaller.realmRoles(jwt);
    return roles.contains(ROLE) && route.roles().stream().noneMatch(roles::contains);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return exchange.getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> ((JwtAuthenticationToken) p).getToken())
        .filter(jwt -> route.hosted() && isPagesToken(jwt, route))
        .map(jwt -> Optional.of(jwt))
        .defaultIfEmpty(Optional.empty())
        .flatMap(pages -> pages.isEmpty() ? chain.filter(exchange) : asSession(exchange, chain));
  }

  private Mono<Void> asSession(ServerWebExchange exchange, GatewayFilterChain chain) {
    List<String> values = exchange.getRequest().getHeaders().getOrEmpty(HEADER);
    if (values.isEmpty()) {
      return ProblemWriter.write(exchange.getResponse(), Problem.of(403, "session-required", Titles.title(403),
          "idnet's pages act on this route only within a hosted session (Idnet-Session)."));
    }
    var matcher = values.size() == 1 ? SESSION.matcher(values.get(0)) : null;
    if (matcher == null || !matcher.matches()) {
      return invalid(exchange);
    }
    ResolveHostedSessionRequest request = ResolveHostedSessionRequest.newBuilder()
        .setSessionId(matcher.group(1)).setSessionSecret(matcher.group(2)).build();
    return resolve(request)
        .flatMap(session -> {
          if (deniedClient.test(session.getPlatformId())) {
            return invalid(exchange);
          }
          exchange.getAttributes().put(ATTRIBUTE, new Caller("hosted-session:" + session.getSessionId(),
              session.getPlatformId(), "", Set.of("platform"), session.getSessionId(), session.getAccountScopeList()));
          return chain.filter(exchange);
        })
        .onErrorResume(StatusRuntimeException.class, e -> e.getStatus().getCode() == Status.Code.NOT_FOUND
            || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
            ? invalid(exchange)
            : ProblemWriter.write(exchange.getResponse(), problems.toProblem(e)));
  }

  private Mono<ResolveHostedSessionResponse> resolve(ResolveHostedSessionRequest request) {
    // The gateway calls as itself (its mTLS identity), stating no caller: the method's policy
    // names the gateway among its peers.
    return Mono.create(sink -> Futures.addCallback(HostedSessionServiceGrpc.newFutureStub(identity)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .resolveHostedSession(request), new FutureCallback<>() {
          @Override
          public void onSuccess(ResolveHostedSessionResponse response) {
            sink.success(response);
          }

          @Override
          public void onFailure(Throwable t) {
            sink.error(t);
          }
        }, MoreExecutors.directExecutor()));
  }

  private static Mono<Void> invalid(ServerWebExchange exchange) {
    return ProblemWriter.write(exchange.getResponse(), Problem.of(401, INVALID_SESSION, Titles.title(401),
        "The hosted session is unknown, expired or finished."));
  }
}
