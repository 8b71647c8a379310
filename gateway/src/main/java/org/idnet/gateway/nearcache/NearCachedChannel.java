package org.idnet.gateway.nearcache;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;

/** A backend's channel with the near cache in front of its calls; its life is the backend channel's. */
final class NearCachedChannel extends ManagedChannel {

  private final ManagedChannel backend;
  private final Channel intercepted;

  NearCachedChannel(ManagedChannel backend, NearCacheInterceptor nearCache) {
    this.backend = backend;
    this.intercepted = ClientInterceptors.intercept(backend, nearCache);
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return intercepted.newCall(method, options);
  }

  @Override
  public String authority() {
    return backend.authority();
  }

  @Override
  public ManagedChannel shutdown() {
    backend.shutdown();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return backend.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return backend.isTerminated();
  }

  @Override
  public ManagedChannel shutdownNow() {
    backend.shutdownNow();
    return this;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return backend.awaitTermination(timeout, unit);
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return backend.getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    backend.notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    backend.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    backend.enterIdle();
  }
}
