package org.idnet.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The public edge of idnet: OAuth2 tokens in, REST/JSON transcoded to the services' gRPC. */
@SpringBootApplication
public class GatewayApplication {

  /**
   * reactor-netty 1.3.6 (Spring Boot 4.1.0's) can stop reading a keep-alive connection for good
   * when the client's next request arrives before the previous exchange has fully ended: it buffers
   * the request and never reads again (reactor-netty#4347, fixed after 1.3.6). This documented
   * switch dispatches such a request at once instead. Set before any server class loads, unless the
   * operator set it; remove it with a reactor-netty that has the fix. Tested in GatewayRoutesTest.
   */
  static final String KEEP_ALIVE_FIX = "reactor.netty.http.server.lastFlushWhenNoRead";

  static {
    if (System.getProperty(KEEP_ALIVE_FIX) == null) {
      System.setProperty(KEEP_ALIVE_FIX, "true");
    }
  }

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
