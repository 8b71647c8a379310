package org.idnet.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * Fuzzes the address the per-address limits count ({@link ClientAddress}): a client at an
 * untrusted address C sends any X-Forwarded-For it likes (any text, any number of header lines),
 * then 0 to 3 trusted proxies each append the address they were called from, as ingress-nginx does,
 * and the last one calls the gateway. Whatever the client wrote, the address counted is C: never
 * an address the client chose, never a proxy's, never a name looked up.
 *
 * <p>Input: byte 0 the number of proxies (mod 4), byte 1 how their part is written (its own header
 * line or appended to the client's last line), then C (a format byte, then 4 or 16 address bytes),
 * then each proxy (a format byte naming one of the trusted ranges, and 12 address bytes), and
 * everything after that is the client's own header text, its lines split at a newline. Missing
 * bytes read as 0.
 */
class ClientAddressFuzzTest {

  static final List<String> TRUSTED = List.of("10.0.0.0/8", "2001:db8::/32", "192.168.1.7");
  static final ClientAddress ADDRESSES = new ClientAddress(TRUSTED);
  static final String HEADER = "X-Forwarded-For";

  @FuzzTest
  void clientsOwnHeaderNeverChoosesTheAddressCounted(byte[] input) throws UnknownHostException {
    Reader in = new Reader(input);
    int proxies = in.next() % 4;
    boolean ownLine = (in.next() & 1) == 1;
    int clientFormat = in.next();
    InetAddress client = untrusted(InetAddress.getByAddress(in.bytes((clientFormat & 1) == 1 ? 16 : 4)));
    List<InetAddress> hops = new ArrayList<>();
    List<String> appended = new ArrayList<>(List.of(written(client, clientFormat >> 1)));
    for (int i = 0; i < proxies; i++) {
      int format = in.next();
      byte[] bits = in.bytes(12);
      InetAddress proxy = switch (format % 3) {
        case 0 -> InetAddress.getByAddress(new byte[] {10, bits[0], bits[1], bits[2]});
        case 1 -> InetAddress.getByAddress(concat(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8}, bits));
        default -> InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, 7});
      };
      hops.add(proxy);
      appended.add(written(proxy, format / 3));
    }
    InetAddress peer = proxies == 0 ? client : hops.getLast();
    // The proxies' part: C, then every proxy but the last (the last is the socket's peer).
    String chain = String.join(", ", appended.subList(0, proxies));
    List<String> lines = new ArrayList<>(in.rest().isEmpty() ? List.of() : Arrays.asList(in.rest().split("\n", -1)));
    if (proxies > 0) {
      if (lines.isEmpty() || ownLine) {
        lines.add(chain);
      } else {
        lines.set(lines.size() - 1, lines.getLast() + ", " + chain);
      }
    }
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/")
        .remoteAddress(new InetSocketAddress(peer, 40000));
    lines.forEach(line -> request.header(HEADER, line));

    InetAddress counted = ADDRESSES.of(request.build());

    assertThat(counted).as("peer %s, %s: %s", peer, HEADER, lines).isEqualTo(client);
  }

  /** An address as a proxy writes it: Java's form, compressed IPv6, bracketed IPv6, or with blanks around. */
  static String written(InetAddress address, int format) {
    String text = address.getHostAddress();
    boolean v6 = text.contains(":");
    return switch (format % 4) {
      case 1 -> v6 ? text.replaceFirst("(^|:)0(:0)+(:|$)", "::") : text;
      case 2 -> v6 ? "[" + text + "]" : text;
      case 3 -> " \t" + text + " ";
      default -> text;
    };
  }

  /** The client is outside every trusted range: one inside them is a proxy, and may write what it likes. */
  static InetAddress untrusted(InetAddress address) throws UnknownHostException {
    byte[] bytes = address.getAddress();
    boolean trusted = bytes.length == 4
        ? bytes[0] == 10 || Arrays.equals(bytes, new byte[] {(byte) 192, (byte) 168, 1, 7})
        : bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == (byte) 0xb8;
    if (!trusted) {
      return address;
    }
    bytes[0] = (byte) (bytes.length == 4 ? 203 : 0x30);
    return InetAddress.getByAddress(bytes);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Reads the input front to back; past its end every byte is 0. */
  static final class Reader {
    private final byte[] input;
    private int at;

    Reader(byte[] input) {
      this.input = input;
    }

    int next() {
      int next = at < input.length ? Byte.toUnsignedInt(input[at]) : 0;
      at++;
      return next;
    }

    byte[] bytes(int n) {
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = (byte) next();
      }
      return out;
    }

    String rest() {
      return at >= input.length ? "" : new String(input, at, input.length - at, StandardCharsets.UTF_8);
    }
  }
}
