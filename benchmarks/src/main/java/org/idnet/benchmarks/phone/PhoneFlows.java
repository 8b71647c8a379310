package org.idnet.benchmarks.phone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.idnet.benchmarks.load.ClosedLoopDriver;
import org.idnet.benchmarks.load.LoadResult;
import org.idnet.benchmarks.load.Window;
import org.idnet.sandbox.v1.ListSmsRequest;
import org.idnet.sandbox.v1.ListSmsResponse;
import org.idnet.sandbox.v1.SandboxSmsServiceGrpc;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * P4: phone verifications end to end through the gateway, as a platform runs them, {@code N} flows
 * at a time (closed loop: each flow that ends starts the next). A flow starts a verification
 * ({@code POST /v1/phone-verifications}, 201), reads its code where phone-otp-service's recording
 * SMS adapter keeps it (ListSms over gRPC, straight to phone-otp-service as the gateway calls it: not
 * through the gateway, whose CPU would then count a read no platform makes), and checks it
 * ({@code POST .../check}, 200 and APPROVED, which binds the number in identity-service). Any other
 * answer is an error of the flow. Every flow uses a number and an account of its own
 * ({@link FlowNumbers}).
 */
public final class PhoneFlows {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong SERIAL = new AtomicLong();

  private final String gatewayUrl;
  private final List<SandboxSmsServiceGrpc.SandboxSmsServiceFutureStub> sms;

  /** @param otpChannels channels to phone-otp-service presenting the gateway's certificate */
  public PhoneFlows(String gatewayUrl, List<ManagedChannel> otpChannels) {
    this.gatewayUrl = gatewayUrl;
    this.sms = otpChannels.stream().map(SandboxSmsServiceGrpc::newFutureStub).toList();
  }

  /** {@code concurrency} flows at a time with {@code token} (a platform's), a warm-up, then the measured window. */
  public LoadResult run(String token, int concurrency, Duration warmup, Duration measure, Window window)
      throws InterruptedException {
    ConnectionProvider pool = ConnectionProvider.builder("p4").maxConnections(concurrency * 2)
        .pendingAcquireMaxCount(-1).build();
    HttpClient http = HttpClient.create(pool).baseUrl(gatewayUrl)
        .headers(h -> h.set("Authorization", "Bearer " + token).set("Content-Type", "application/json"))
        .responseTimeout(Duration.ofSeconds(10));
    try {
      return ClosedLoopDriver.run(concurrency, warmup, measure, window, seq -> flow(http, seq));
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private ListenableFuture<?> flow(HttpClient http, long seq) {
    long n = SERIAL.getAndIncrement();
    String start = "{\"accountId\":\"" + FlowNumbers.account(n) + "\",\"phoneNumber\":\"" + FlowNumbers.typed(n) + "\"}";
    Mono<String> approved = post(http, "/v1/phone-verifications", start, 201)
        .map(started -> started.path("id").asText())
        .flatMap(id -> code(FlowNumbers.e164(n), seq).flatMap(code ->
            post(http, "/v1/phone-verifications/" + id + "/check", "{\"code\":\"" + code + "\"}", 200)))
        .map(checked -> {
          String status = checked.path("status").asText();
          if (!"APPROVED".equals(status)) {
            throw new IllegalStateException("check answered " + status + ", not APPROVED");
          }
          return status;
        });
    SettableFuture<String> done = SettableFuture.create();
    approved.subscribe(done::set, done::setException, () -> done.set(""));
    return done;
  }

  private static Mono<JsonNode> post(HttpClient http, String path, String body, int expected) {
    return http.post().uri(path).send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
          if (response.status().code() != expected) {
            throw new IllegalStateException("POST " + (path.endsWith("/check") ? "check" : "start") + ": HTTP "
                + response.status().code() + " " + text);
          }
          try {
            return JSON.readTree(text);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
  }

  /** The code of the last SMS to {@code e164}, from phone-otp-service's recording adapter. */
  private Mono<String> code(String e164, long seq) {
    ListenableFuture<ListSmsResponse> listed = sms.get((int) (seq % sms.size())).withDeadlineAfter(5, TimeUnit.SECONDS)
        .listSms(ListSmsRequest.newBuilder().setTo(e164).build());
    return Mono.<ListSmsResponse>create(sink -> Futures.addCallback(listed, new FutureCallback<>() {
      @Override
      public void onSuccess(ListSmsResponse result) {
        sink.success(result);
      }

      @Override
      public void onFailure(Throwable t) {
        sink.error(t);
      }
    }, MoreExecutors.directExecutor())).map(listed1 -> {
      if (listed1.getMessagesCount() == 0) {
        throw new IllegalStateException("no SMS to " + e164 + " recorded (is the recording adapter on?)");
      }
      return FlowNumbers.code(listed1.getMessages(0).getText())
          .orElseThrow(() -> new IllegalStateException("no code in the SMS"));
    });
  }
}
