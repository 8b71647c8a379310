package org.idnet.benchmarks.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/** Libraries by package, to say which part of the stack a sampled frame belongs to. */
final class Components {

  private static final Map<String, String> BY_PREFIX = new LinkedHashMap<>();

  static {
    BY_PREFIX.put("org.idnet.", "idnet code");
    BY_PREFIX.put("org.springframework.security.", "Spring Security (JWT, filter chain)");
    BY_PREFIX.put("com.nimbusds.", "Nimbus JOSE (JWT parse/verify)");
    BY_PREFIX.put("sun.security.rsa.", "RSA signature check");
    BY_PREFIX.put("org.springframework.cloud.gateway.filter.ratelimit.", "SCG rate limiter");
    BY_PREFIX.put("org.springframework.cloud.gateway.", "Spring Cloud Gateway");
    BY_PREFIX.put("org.springframework.data.redis.", "Spring Data Redis");
    BY_PREFIX.put("io.lettuce.", "Lettuce (Redis client)");
    BY_PREFIX.put("io.micrometer.", "Micrometer (metrics, observations)");
    BY_PREFIX.put("io.github.resilience4j.", "Resilience4j (breaker)");
    BY_PREFIX.put("org.springframework.web.", "Spring WebFlux");
    BY_PREFIX.put("org.springframework.http.", "Spring WebFlux");
    BY_PREFIX.put("reactor.netty.", "Reactor Netty");
    BY_PREFIX.put("reactor.core.", "Reactor core");
    BY_PREFIX.put("io.grpc.", "grpc-java");
    BY_PREFIX.put("com.google.protobuf.", "protobuf");
    BY_PREFIX.put("io.netty.", "Netty");
    BY_PREFIX.put("org.postgresql.", "PostgreSQL JDBC");
    BY_PREFIX.put("com.zaxxer.hikari.", "Hikari pool");
    BY_PREFIX.put("org.springframework.jdbc.", "Spring JDBC");
    BY_PREFIX.put("com.google.crypto.tink.", "Tink");
    BY_PREFIX.put("tools.jackson.", "Jackson");
    BY_PREFIX.put("com.fasterxml.jackson.", "Jackson");
    BY_PREFIX.put("ch.qos.logback.", "logging");
    BY_PREFIX.put("org.slf4j.", "logging");
    BY_PREFIX.put("javax.crypto.", "JCE (HMAC, ciphers)");
    BY_PREFIX.put("com.sun.crypto.", "JCE (HMAC, ciphers)");
  }

  static final int COUNT = (int) BY_PREFIX.values().stream().distinct().count();

  private Components() {
  }

  /** The component of a class, or null for the JDK core and what is not listed. */
  static String of(String className) {
    for (Map.Entry<String, String> e : BY_PREFIX.entrySet()) {
      if (className.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
