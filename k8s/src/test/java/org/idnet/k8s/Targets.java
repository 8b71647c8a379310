package org.idnet.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a deployable's configuration says it connects: gRPC targets, Redis and database URLs, the
 * issuer, the SMS provider, the register, the KMS, for webhook-dispatcher the Internet (platforms'
 * webhook endpoints: any public host on 443, no URL of its configuration names them), and for the web
 * the in-cluster HTTPS it calls (the gateway's API, Keycloak's token endpoint). One entry per host and
 * port it will open.
 */
final class Targets {

  enum Kind { GRPC, REDIS_SENTINEL, REDIS, POSTGRESQL, OUTSIDE, HTTPS }

  /** @param endpoint for OUTSIDE, the name of the outside endpoint (a NetworkPolicy annotation) */
  record Target(String property, Kind kind, String host, int port, String endpoint) {
    @Override
    public String toString() {
      return property + " -> " + (kind == Kind.OUTSIDE ? endpoint + " (" + host + ":" + port + ")" : host + ":" + port);
    }
  }

  /** The outside endpoint of every public address (NetworkPolicy egress-internet). */
  static final String INTERNET = "internet";
  /** The one deployable that reaches it. */
  static final String WEBHOOK_DISPATCHER = "webhook-dispatcher";
  /** The pages' deployable: an HTTPS client of the gateway, no gRPC. */
  static final String WEB = "web";

  private Targets() {
  }

  static List<Target> of(SpringConfig config) {
    List<Target> targets = new ArrayList<>();
    config.under("idnet.gateway.backends").forEach((key, value) -> {
      if (key.endsWith(".target")) {
        targets.add(grpc("idnet.gateway.backends." + key, value));
      }
    });
    config.get("idnet.otp.identity-target").ifPresent(v -> targets.add(grpc("idnet.otp.identity-target", v)));
    config.get("idnet.disclosure.identity.target").ifPresent(v -> targets.add(grpc("idnet.disclosure.identity.target", v)));
    config.under("idnet.webhooks.sources").forEach((key, value) -> {
      if (key.endsWith(".target")) {
        targets.add(grpc("idnet.webhooks.sources." + key, value));
      }
    });
    // The web: an API client of the gateway's HTTPS port and of Keycloak's token endpoint, in the cluster.
    if (config.get("spring.application.name").map(WEB::equals).orElse(false)) {
      for (String property : List.of("idnet.web.gateway-url", "idnet.web.token-uri")) {
        config.get(property).filter(v -> !v.isBlank()).ifPresent(v -> targets.add(https(property, v)));
      }
    }
    for (String property : List.of("spring.data.redis.url", "idnet.otp.redis-url", "idnet.identity.cache.redis-url",
        "idnet.web.redis-url")) {
      if (usesRedis(config, property)) {
        config.get(property).ifPresent(v -> targets.addAll(redis(property, v)));
      }
    }
    config.get("spring.datasource.url").ifPresent(v -> targets.add(jdbc(v)));
    // The gateway reads the issuer's discovery document (the API document's token endpoint) even with a
    // jwks-uri; the services fetch only their jwks-uri when it is set, the issuer URL is then a name
    // compared with `iss` (IssuerKeys), not a place they connect to.
    for (String property : List.of("idnet.gateway.jwt.issuer-uri", "idnet.gateway.jwt.jwks-uri", "idnet.evidence.jwks-uri")) {
      config.get(property).ifPresent(v -> targets.add(outside(property, v, "issuer")));
    }
    if (config.get("idnet.evidence.jwks-uri").isEmpty()) {
      config.get("idnet.evidence.issuer-uri").ifPresent(v -> targets.add(outside("idnet.evidence.issuer-uri", v, "issuer")));
    }
    if (config.get("idnet.otp.sms.adapter").map("http"::equals).orElse(false)) {
      config.get("idnet.otp.sms.http.url").ifPresent(v -> targets.add(outside("idnet.otp.sms.http.url", v, "sms-provider")));
    }
    config.get("idnet.identity.register.url").ifPresent(v -> targets.add(outside("idnet.identity.register.url", v, "population-register")));
    // Platforms' endpoints are registered at run time: the dispatcher delivers to any public host on
    // https (443), the outside endpoint `internet` (NetworkPolicy egress-internet).
    if (config.get("spring.application.name").map(WEBHOOK_DISPATCHER::equals).orElse(false)) {
      targets.add(new Target("idnet.webhooks.delivery", Kind.OUTSIDE, "*", 443, INTERNET));
    }
    for (String service : List.of("identity", "disclosure", "webhooks", "web")) {
      String keys = keysPrefix(service);
      if (config.get(keys + ".provider").map("kms"::equals).orElse(false)) {
        config.get(keys + ".kms-key-uri").ifPresent(v -> targets.add(outside(keys + ".kms-key-uri",
            v.replaceFirst("^hcvault://", "https://"), "kms")));
      }
    }
    return targets;
  }

  /** A Redis URL property counts where the service reads it: the gateway's, otp's, identity's own. */
  private static boolean usesRedis(SpringConfig config, String property) {
    return switch (property) {
      case "spring.data.redis.url" -> config.get("spring.application.name").map("gateway"::equals).orElse(false);
      case "idnet.otp.redis-url" -> config.get("spring.application.name").map("phone-otp-service"::equals).orElse(false);
      case "idnet.web.redis-url" -> config.get("spring.application.name").map(WEB::equals).orElse(false);
      default -> config.get("spring.application.name").map("identity-service"::equals).orElse(false);
    };
  }

  /** Where a keyset layout's settings are (keysets' ServiceLayouts): the web's under its sessions. */
  static String keysPrefix(String service) {
    return service.equals(WEB) ? "idnet.web.sessions.keys" : "idnet." + service + ".keys";
  }

  /** An in-cluster HTTPS URL (a Service's name and port). */
  static Target https(String property, String url) {
    URI uri = URI.create(url);
    if (!"https".equals(uri.getScheme())) {
      throw new AssertionError(property + "=" + url + ": not https");
    }
    return new Target(property, Kind.HTTPS, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443, null);
  }

  static Target grpc(String property, String target) {
    String address = target.replaceFirst("^dns:///", "");
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new AssertionError(property + "=" + target + ": no port");
    }
    return new Target(property, Kind.GRPC, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), null);
  }

  /** A Sentinel URL opens the Sentinels and then the master they name (port 6379 of the data pods). */
  static List<Target> redis(String property, String url) {
    String scheme = url.replaceFirst("://.*$", "");
    List<Target> targets = new ArrayList<>();
    String hosts = url.replaceFirst("^[a-z-]+://", "").replaceFirst("^[^@]*@", "").replaceFirst("[/?#].*$", "");
    for (String hostPort : hosts.split(",")) {
      String[] parts = hostPort.split(":");
      boolean sentinel = scheme.endsWith("-sentinel");
      int port = parts.length > 1 ? Integer.parseInt(parts[1]) : sentinel ? 26379 : 6379;
      targets.add(new Target(property, sentinel ? Kind.REDIS_SENTINEL : Kind.REDIS, parts[0], port, null));
    }
    return targets;
  }

  static Target jdbc(String url) {
    URI uri = URI.create(url.substring("jdbc:".length()));
    return new Target("spring.datasource.url", Kind.POSTGRESQL, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), null);
  }

  static Target outside(String property, String url, String endpoint) {
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return new Target(property, Kind.OUTSIDE, uri.getHost(), port, endpoint);
  }

  static Map<String, String> dnsPeer() {
    return Map.of("k8s-app", "kube-dns");
  }
}
