package org.idnet.gateway.transcoding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.routes.ApiRoute;

/** The transcoding filter of each route, made once and shared by every path that serves the route. */
public final class Transcoders {

  private final Function<ApiRoute, Backend> backends;
  private final GrpcInvoker invoker = new GrpcInvoker();
  private final RequestTranscoder requests = new RequestTranscoder();
  private final ResponseTranscoder responses = new ResponseTranscoder();
  private final GrpcProblems problems;
  private final ToIntFunction<ApiRoute> maxBodyBytes;
  private final Map<String, TranscodingFilter> byRoute = new ConcurrentHashMap<>();

  /** @param maxBodyBytes the largest request body of each route (413 beyond) */
  public Transcoders(Function<ApiRoute, Backend> backends, GrpcProblems problems, ToIntFunction<ApiRoute> maxBodyBytes) {
    this.backends = backends;
    this.problems = problems;
    this.maxBodyBytes = maxBodyBytes;
  }

  public TranscodingFilter forRoute(ApiRoute route) {
    return byRoute.computeIfAbsent(route.id(), id -> new TranscodingFilter(route, backendOf(route), invoker, requests,
        responses, problems, maxBodyBytes.applyAsInt(route)));
  }

  public Backend backendOf(ApiRoute route) {
    return backends.apply(route);
  }
}
