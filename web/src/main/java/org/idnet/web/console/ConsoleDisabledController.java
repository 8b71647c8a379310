package org.idnet.web.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** On the light issuer (no browser login): {@code /console} says the console needs {@code bin/sandbox --keycloak}. */
@Controller
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "false", matchIfMissing = true)
public class ConsoleDisabledController {

  @GetMapping("/console")
  String disabled() {
    return "console/disabled";
  }
}
