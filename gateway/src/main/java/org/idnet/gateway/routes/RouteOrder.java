package org.idnet.gateway.routes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The order in which the gateway tries its routes. Spring Cloud Gateway tests them one after the
 * other with a reactive chain per route, so the position of a route is a cost paid on each of
 * its requests: the hot path (rate classes {@code check} and {@code lookup}) goes first. Then
 * literal segments before variables, so /v1/accounts/verification-lookups is never read as an
 * account id. A hot route is hoisted only when it cannot take a request meant for a route it
 * overtakes.
 */
final class RouteOrder {

  static final Set<String> HOT_RATE_CLASSES = Set.of("check", "lookup");

  private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
  private static final PathPatternParser PARSER = new PathPatternParser();

  private RouteOrder() {
  }

  static List<ApiRoute> of(List<ApiRoute> routes) {
    List<ApiRoute> specificFirst = routes.stream()
        .sorted(Comparator.comparingInt((ApiRoute r) -> r.path().variables().size())
            .thenComparing(r -> r.path().template()))
        .toList();
    List<ApiRoute> ordered = new ArrayList<>();
    for (ApiRoute route : specificFirst) {
      if (HOT_RATE_CLASSES.contains(route.rateClass()) && specificFirst.stream()
          .filter(other -> other != route && other.httpMethod().equals(route.httpMethod()))
          .noneMatch(other -> shadows(route, other))) {
        ordered.add(route);
      }
    }
    specificFirst.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
    return List.copyOf(ordered);
  }

  /** Whether {@code first}, tried first, would also match a request for {@code other}. */
  private static boolean shadows(ApiRoute first, ApiRoute other) {
    PathPattern pattern = PARSER.parse(first.path().springPattern());
    Matcher variables = VARIABLE.matcher(other.path().template());
    String sample = variables.replaceAll("x");
    return pattern.matches(PathContainer.parsePath(sample));
  }
}
