package org.idnet.disclosure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Lawful disclosure: requests, four-eyes approvals, grants, packages, the audit log and the
 * transparency report. A skeleton for now: the gRPC server with health and the caller check.
 */
@SpringBootApplication
public class DisclosureServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DisclosureServiceApplication.class, args);
  }
}
