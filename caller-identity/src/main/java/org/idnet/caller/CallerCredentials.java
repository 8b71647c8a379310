package org.idnet.caller;

import io.grpc.CallCredentials;
import java.util.concurrent.Executor;

/**
 * Per-call credentials that attach a signed caller: {@code stub.withCallCredentials(new
 * CallerCredentials(caller, codec))}. The value is signed when the call starts, so it is fresh.
 */
public final class CallerCredentials extends CallCredentials {

  private final Caller caller;
  private final CallerCodec codec;

  public CallerCredentials(Caller caller, CallerCodec codec) {
    this.caller = caller;
    this.codec = codec;
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    applier.apply(CallerMetadata.of(caller, codec));
  }
}
