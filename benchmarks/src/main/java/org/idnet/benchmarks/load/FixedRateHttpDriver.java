package org.idnet.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP/1.1 driver for latency at a given rate (wrk2's method, which wrk lacks):
 * request {@code i} is due at {@code start + i / rate} whatever happened before, and its latency
 * counts from that due time, not from when a connection was free to send it. A server that stalls
 * therefore shows every request that waited behind the stall instead of hiding them (coordinated
 * omission). Plain Netty on one event loop, keep-alive connections, no pipelining: a few tens of
 * µs of CPU per request, so the driver takes little from the server it shares 2 cores with.
 */
public final class FixedRateHttpDriver {

  private static final AttributeKey<Pending> IN_FLIGHT = AttributeKey.valueOf("in-flight");

  /** A request due at {@code intended}; only those due inside the measured window are counted. */
  private record Pending(long intended, boolean measured, String path) {
  }

  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong outstanding = new AtomicLong();
  // Touched on the event loop only.
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private final String host;
  private final String authorization;
  private final Bootstrap bootstrap;
  private final Consumer<String> errorSink;
  private volatile String lastError = "";
  private volatile boolean closing;

  private FixedRateHttpDriver(URI base, String token, EventLoop loop, Consumer<String> errorSink) {
    this.errorSink = errorSink;
    this.host = base.getHost() + ":" + base.getPort();
    this.authorization = "Bearer " + token;
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .remoteAddress(base.getHost(), base.getPort())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Responses());
          }
        });
  }

  /**
   * @param baseUrl e.g. {@code http://localhost:8080}
   * @param paths cycled through, one per request
   * @param rate requests per second
   * @param connections keep-alive connections (requests due while all are busy wait, and that wait counts)
   */
  public static LoadResult run(String baseUrl, List<String> paths, String token, double rate, int connections,
      Duration warmup, Duration measure, Window window) throws InterruptedException {
    return run(baseUrl, paths, token, rate, connections, warmup, measure, window, error -> { });
  }

  /**
   * As {@link #run(String, List, String, double, int, Duration, Duration, Window)}, each failed
   * request of the window also told to {@code errorSink} by its kind ({@code HTTP 503},
   * {@code connection closed}, {@code no answer within 15 s}): the soak counts errors by kind.
   */
  public static LoadResult run(String baseUrl, List<String> paths, String token, double rate, int connections,
      Duration warmup, Duration measure, Window window, Consumer<String> errorSink) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      FixedRateHttpDriver driver = new FixedRateHttpDriver(URI.create(baseUrl), token, group.next(), errorSink);
      return driver.drive(paths, rate, connections, warmup, measure, window);
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private LoadResult drive(List<String> paths, double rate, int connections, Duration warmup, Duration measure,
      Window window) throws InterruptedException {
    for (int i = 0; i < connections; i++) {
      Channel channel = bootstrap.connect().sync().channel();
      channel.eventLoop().submit(() -> ready(channel)).sync();
    }
    long interval = Math.max(1, Math.round(1e9 / rate));
    long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long measureFrom = begin + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    long measuredSent = 0;
    EventLoop loop = bootstrap.config().group().next();
    for (long i = 0; begin + i * interval < end; i++) {
      long intended = begin + i * interval;
      waitUntil(intended);
      boolean measured = intended >= measureFrom;
      if (measured && measuredSent++ == 0) {
        window.opened();
      }
      outstanding.incrementAndGet();
      Pending pending = new Pending(intended, measured, paths.get((int) (i % paths.size())));
      loop.execute(() -> submit(pending));
    }
    waitUntil(end);
    window.closed();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    closing = true;
    for (long i = outstanding.get(); i > 0; i--) {
      errorSink.accept("no answer within 15 s");
    }
    Histogram histogram = recorder.getIntervalHistogram();
    String note = String.format("target %.0f/s; %d sent in the window", rate, measuredSent)
        + (outstanding.get() > 0 ? "; " + outstanding.get() + " unanswered after 15 s" : "")
        + (errors.get() > 0 ? "; last error: " + lastError : "");
    return new LoadResult(histogram.getTotalCount(), errors.get() + outstanding.get(), measure.toNanos() / 1e9,
        Latency.ofMicros(histogram), note);
  }

  private void submit(Pending pending) {
    Channel channel = idle.poll();
    if (channel == null) {
      waiting.add(pending);
    } else {
      send(channel, pending);
    }
  }

  private void send(Channel channel, Pending pending) {
    channel.attr(IN_FLIGHT).set(pending);
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pending.path(), Unpooled.EMPTY_BUFFER);
    request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.AUTHORIZATION, authorization);
    channel.writeAndFlush(request).addListener(f -> {
      if (!f.isSuccess()) {
        channel.close();
      }
    });
  }

  /** A connection is free: it takes the oldest waiting request, or waits for the next one. */
  private void ready(Channel channel) {
    Pending next = waiting.poll();
    if (next == null) {
      idle.add(channel);
    } else {
      send(channel, next);
    }
  }

  private void done(Pending pending, String error) {
    if (pending.measured()) {
      if (error == null) {
        recorder.recordValue((System.nanoTime() - pending.intended()) / 1000);
      } else {
        errors.incrementAndGet();
        lastError = error;
        errorSink.accept(error);
      }
    }
    outstanding.decrementAndGet();
  }

  /** Runs on the event loop: answers complete their request; a lost connection fails its request and is replaced. */
  private final class Responses extends SimpleChannelInboundHandler<FullHttpResponse> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      Pending pending = ctx.channel().attr(IN_FLIGHT).getAndSet(null);
      if (pending != null) {
        done(pending, response.status().code() == 200 ? null : "HTTP " + response.status().code());
      }
      ready(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      idle.remove(ctx.channel());
      Pending pending = ctx.channel().attr(IN_FLIGHT).getAndSet(null);
      if (pending != null) {
        done(pending, "connection closed");
      }
      if (closing) {
        return;
      }
      bootstrap.connect().addListener(f -> {
        if (f.isSuccess()) {
          ready(((io.netty.channel.ChannelFuture) f).channel());
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      lastError = cause.toString();
      ctx.close();
    }
  }

  /**
   * Parks until the due time. Parking overshoots by some tens of µs, which then count as latency
   * (it is measured from the due time): negligible against a 10 ms bar, and cheaper than
   * spinning, which would take CPU from the server on a 2-core machine.
   */
  static void waitUntil(long due) {
    long now;
    while ((now = System.nanoTime()) < due) {
      LockSupport.parkNanos(due - now);
    }
  }
}
