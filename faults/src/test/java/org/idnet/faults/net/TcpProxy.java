package org.idnet.faults.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between two processes of the network, with the faults a network has. It passes bytes
 * untouched (mutual TLS goes through end to end) and can, while the processes run:
 * <ul>
 *   <li>{@link #delay}: hold every chunk in either direction this long (a slow link or store);
 *   <li>{@link #reset}: end every open connection with a TCP RST (a restarted middlebox);
 *   <li>{@link #resetNextAnswer}: pass the request, then reset its connection as the first byte
 *       of the answer comes back (the call took effect, its answer is lost);
 *   <li>{@link #halfOpen}: the far side is gone without a word: open connections stay open towards
 *       the client but nothing comes back (bytes are read and dropped, so TCP itself sees no
 *       trouble), the far side's sockets are closed, and new connections are accepted and
 *       swallowed alike; {@link #heal} lets new connections through again while the dead ones stay
 *       dead, as after a real peer loss, until the client gives up on them;
 *   <li>{@link #refuse}: accept and reset at once (nothing listening).
 * </ul>
 * Each connection is two virtual threads copying bytes; {@link #openConnections} counts the live
 * ones to the far side (how the tests see a client's connections leak or not).
 */
public final class TcpProxy implements AutoCloseable {

  /**
   * The smallest chunk taken for an answer: HTTP/2's own frames a server sends unasked (PING and
   * SETTINGS acknowledgements, WINDOW_UPDATE) are 31 to 39 bytes in a TLS 1.3 record; a gRPC
   * answer (headers, message and trailers, flushed together) is more.
   */
  private static final int ANSWER_BYTES = 64;

  /** What happens to new connections and bytes. */
  private enum Mode { PASS, HALF_OPEN, REFUSE }

  private final String name;
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;
  private volatile long delayMillis;
  private final java.util.concurrent.atomic.AtomicBoolean resetNextAnswer = new java.util.concurrent.atomic.AtomicBoolean();

  private TcpProxy(String name, ServerSocket listener, InetSocketAddress upstream) {
    this.name = name;
    this.listener = listener;
    this.upstream = upstream;
  }

  /** Listens on {@code 127.0.0.1:port} and forwards to {@code 127.0.0.1:upstreamPort}. */
  public static TcpProxy start(String name, int port, int upstreamPort) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      TcpProxy proxy = new TcpProxy(name, listener,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
      Thread.ofPlatform().daemon().name("proxy-" + name).start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("proxy " + name + " cannot listen on " + port, e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Holds every chunk this long in each direction; 0: none. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** Resets every open connection (RST both ways); new ones pass as before. */
  public void reset() {
    links.forEach(Link::reset);
  }

  /**
   * The next answer to come back on any connection is not delivered: that connection is reset as
   * its first byte arrives (once; later answers pass).
   */
  public void resetNextAnswer() {
    resetNextAnswer.set(true);
  }

  /** The far side vanishes: see the class comment. */
  public void halfOpen() {
    mode = Mode.HALF_OPEN;
    links.forEach(Link::abandon);
  }

  /** Accepts and resets at once; open connections are reset too. */
  public void refuse() {
    mode = Mode.REFUSE;
    reset();
  }

  /** No more faults for new connections and bytes (connections left dead by {@link #halfOpen} stay so). */
  public void heal() {
    mode = Mode.PASS;
    delayMillis = 0;
    resetNextAnswer.set(false);
  }

  /** Connections open to the far side right now. */
  public int openConnections() {
    return (int) links.stream().filter(Link::forwarding).count();
  }

  /** Connections accepted since the start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Mode now = mode;
      if (now == Mode.REFUSE) {
        resetQuietly(client);
        continue;
      }
      Link link = new Link(client);
      links.add(link);
      if (now == Mode.HALF_OPEN) {
        link.abandon();
        Thread.ofVirtual().start(link::swallow);
      } else {
        Thread.ofVirtual().start(link::open);
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    links.forEach(Link::reset);
  }

  @Override
  public String toString() {
    return "proxy " + name + " :" + port() + " -> :" + upstream.getPort();
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** One client connection and its connection to the far side. */
  private final class Link {

    private final Socket client;
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Socket server;
    /** Set when the far side vanished: nothing is forwarded any more, the client is left hanging. */
    private volatile boolean abandoned;

    Link(Socket client) {
      this.client = client;
    }

    boolean forwarding() {
      Socket s = server;
      return !abandoned && s != null && !s.isClosed();
    }

    void open() {
      Socket s = new Socket();
      try {
        s.connect(upstream, 2_000);
        s.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        // Nothing listens there (the service is down): the client sees its connection reset.
        resetQuietly(s);
        resetQuietly(client);
        links.remove(this);
        return;
      }
      server = s;
      if (abandoned) {
        resetQuietly(s);
        swallow();
        return;
      }
      Thread.ofVirtual().start(() -> copy(s, client, true));
      copy(client, s, false);
    }

    /** Reads and drops what the client sends until it closes the connection. */
    void swallow() {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = client.getInputStream();
        while (in.read(buffer) >= 0) {
          // dropped
        }
      } catch (IOException ignored) {
        // the client gave up
      } finally {
        resetQuietly(client);
        links.remove(this);
      }
    }

    private void copy(Socket from, Socket to, boolean answers) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (abandoned) {
            if (answers) {
              return; // the far side is gone: the client hears nothing, not even a close
            }
            continue; // the client's bytes fall into the void
          }
          if (answers && n >= ANSWER_BYTES && takeResetOnAnswer()) {
            reset();
            return;
          }
          sleep(delayMillis);
          out.write(buffer, 0, n);
          out.flush();
        }
        if (!abandoned) {
          to.shutdownOutput(); // a clean close passes through as one
        }
      } catch (IOException e) {
        if (!abandoned) {
          reset();
        }
      } finally {
        if (abandoned && !answers) {
          // The client closed the dead connection at last (or it was reset).
          resetQuietly(client);
          links.remove(this);
        } else if (!abandoned && finished.incrementAndGet() == 2) {
          closeQuietly(client);
          closeQuietly(server);
          links.remove(this);
        }
      }
    }

    void reset() {
      resetQuietly(client);
      Socket s = server;
      if (s != null) {
        resetQuietly(s);
      }
      links.remove(this);
    }

    /** The far side forgets the connection; the client is not told. */
    void abandon() {
      abandoned = true;
      Socket s = server;
      if (s != null) {
        resetQuietly(s);
      }
    }
  }

  private boolean takeResetOnAnswer() {
    return resetNextAnswer.compareAndSet(true, false);
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
