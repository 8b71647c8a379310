package org.idnet.otp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OtpServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(OtpServiceApplication.class, args);
  }
}
