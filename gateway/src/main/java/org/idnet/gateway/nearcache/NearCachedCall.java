package org.idnet.gateway.nearcache;

import com.google.protobuf.MessageLite;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One unary call through the near cache. Nothing is sent before the request is complete (start,
 * message, half-close), because the key needs both the caller's metadata and the request; then
 * either the kept answer is delivered to the listener at once, or the real call is made with
 * exactly what the caller gave, and a successful answer that names its invalidation key is kept.
 */
final class NearCachedCall<Q, R> extends ClientCall<Q, R> {

  /** Sent by identity-service with each answer; never passed on to HTTP clients. */
  static final Metadata.Key<String> TAG = Metadata.Key.of("x-idnet-cache-tag", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> MAX_AGE =
      Metadata.Key.of("x-idnet-cache-max-age-ms", Metadata.ASCII_STRING_MARSHALLER);

  private final NearCache cache;
  private final MethodDescriptor<Q, R> method;
  private final CallOptions options;
  private final Channel next;
  private Listener<R> listener;
  private Metadata headers;
  private Q request;
  private int requested;
  private Boolean compression;
  private ClientCall<Q, R> delegate;
  private boolean closed;

  NearCachedCall(NearCache cache, MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    this.cache = cache;
    this.method = method;
    this.options = options;
    this.next = next;
  }

  @Override
  public synchronized void start(Listener<R> responseListener, Metadata metadata) {
    this.listener = responseListener;
    this.headers = metadata;
  }

  @Override
  public synchronized void request(int numMessages) {
    if (delegate != null) {
      delegate.request(numMessages);
    } else {
      requested += numMessages;
    }
  }

  @Override
  public synchronized void sendMessage(Q message) {
    if (delegate != null) {
      delegate.sendMessage(message);
    } else {
      request = message;
    }
  }

  @Override
  public synchronized void setMessageCompression(boolean enabled) {
    if (delegate != null) {
      delegate.setMessageCompression(enabled);
    } else {
      compression = enabled;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized void halfClose() {
    if (closed || delegate != null) {
      return;
    }
    NearCacheKey key = keyOf();
    if (key == null) {
      cache.bypass();
      callBackend(listener);
      return;
    }
    Object kept = cache.get(key);
    if (kept != null) {
      closed = true;
      // As grpc-java does when a listener throws: the call ends CANCELLED, and onClose always comes.
      Status status = Status.OK;
      try {
        listener.onHeaders(new Metadata());
        listener.onMessage((R) kept);
      } catch (RuntimeException e) {
        status = Status.CANCELLED.withDescription("the listener failed on a near-cache answer").withCause(e);
      }
      listener.onClose(status, new Metadata());
      return;
    }
    callBackend(new Filling(listener, key, cache.begin()));
  }

  @Override
  public synchronized void cancel(String message, Throwable cause) {
    if (delegate != null) {
      delegate.cancel(message, cause);
    } else if (!closed) {
      closed = true;
      if (listener != null) {
        Status status = Status.CANCELLED;
        status = message != null ? status.withDescription(message) : status.withDescription("call cancelled");
        listener.onClose(cause != null ? status.withCause(cause) : status, new Metadata());
      }
    }
  }

  @Override
  public synchronized boolean isReady() {
    return delegate != null && delegate.isReady();
  }

  @Override
  public synchronized Attributes getAttributes() {
    return delegate != null ? delegate.getAttributes() : Attributes.EMPTY;
  }

  private NearCacheKey keyOf() {
    String caller = headers == null ? null : NearCacheInterceptor.callerOnly(headers);
    if (caller == null || !(request instanceof MessageLite message)) {
      return null;
    }
    return new NearCacheKey(method.getFullMethodName(), caller, message.toByteString());
  }

  private void callBackend(Listener<R> responses) {
    delegate = next.newCall(method, options);
    delegate.start(responses, headers);
    if (compression != null) {
      delegate.setMessageCompression(compression);
    }
    if (requested > 0) {
      delegate.request(requested);
    }
    if (request != null) {
      delegate.sendMessage(request);
    }
    delegate.halfClose();
  }

  /** Passes the backend's answer on, keeping it first if it succeeded and named its key. */
  private final class Filling extends ForwardingClientCallListener.SimpleForwardingClientCallListener<R> {

    private final NearCacheKey key;
    private final NearCache.Fill fill;
    private String tag;
    private long maxAgeMillis = -1;
    private R answer;

    Filling(Listener<R> delegate, NearCacheKey key, NearCache.Fill fill) {
      super(delegate);
      this.key = key;
      this.fill = fill;
    }

    @Override
    public void onHeaders(Metadata responseHeaders) {
      tag = responseHeaders.get(TAG);
      String maxAge = responseHeaders.get(MAX_AGE);
      if (maxAge != null) {
        try {
          maxAgeMillis = Math.max(0, Long.parseLong(maxAge));
        } catch (NumberFormatException e) {
          maxAgeMillis = 0;
        }
      }
      super.onHeaders(responseHeaders);
    }

    @Override
    public void onMessage(R message) {
      answer = message;
      super.onMessage(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (status.isOk() && answer != null && tag != null) {
        cache.put(fill, key, answer, tag, maxAgeMillis);
      }
      super.onClose(status, trailers);
    }
  }
}
