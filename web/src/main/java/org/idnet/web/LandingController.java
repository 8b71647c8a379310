package org.idnet.web;

import org.idnet.web.security.SessionFree;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /}: what the web offers (today the transparency report). */
@Controller
@SessionFree
public class LandingController {

  @GetMapping("/")
  String landing() {
    return "index";
  }
}
