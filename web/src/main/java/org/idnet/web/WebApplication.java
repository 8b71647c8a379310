package org.idnet.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * idnet's pages for people (docs/pages.md): hosted verification, the agency console and the public
 * transparency page, server-rendered without JavaScript. An API client of the gateway like any
 * other: no gRPC channel, no mTLS identity, no way to state a caller.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

  /** The same reactor-netty keep-alive switch as the gateway's (GatewayApplication explains it). */
  static final String KEEP_ALIVE_FIX = "reactor.netty.http.server.lastFlushWhenNoRead";

  static {
    if (System.getProperty(KEEP_ALIVE_FIX) == null) {
      System.setProperty(KEEP_ALIVE_FIX, "true");
    }
  }

  public static void main(String[] args) {
    SpringApplication.run(WebApplication.class, args);
  }
}
