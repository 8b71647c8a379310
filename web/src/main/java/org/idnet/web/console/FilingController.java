package org.idnet.web.console;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.idnet.web.gateway.GatewayProblem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Filing a request in two steps without JavaScript: step 1 picks a legal basis (each shown with the
 * fields it allows and whether emergency filing is allowed); step 2 shows only those fields as
 * checkboxes and the emergency box only where allowed. The form carries a nonce of its own, sent as
 * {@code Idempotency-Key}: a double submit files one request.
 */
@Controller
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class FilingController {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NONCE = "[A-Za-z0-9_-]{22,64}";

  private final ConsoleSessions sessions;
  private final ConsoleGateway gateway;

  public FilingController(ConsoleSessions sessions, ConsoleGateway gateway) {
    this.sessions = sessions;
    this.gateway = gateway;
  }

  @GetMapping("/console/requests/new")
  Mono<String> form(@RequestParam(required = false) String basis, ServerWebExchange exchange, Model model) {
    return sessions.current(exchange).flatMap(signedIn -> {
      ConsoleController.require(signedIn.staff().officer());
      model.addAttribute("staff", signedIn.staff());
      return gateway.legalBases(signedIn.accessToken()).map(bases -> {
        Optional<ConsoleGateway.LegalBasis> chosen = bases.stream().filter(b -> b.code().equals(basis)).findFirst();
        if (chosen.isEmpty()) {
          model.addAttribute("bases", bases);
          return "console/file-basis";
        }
        model.addAttribute("basis", chosen.get());
        model.addAttribute("form", Map.of());
        model.addAttribute("checked", List.of());
        model.addAttribute("nonce", nonce());
        return "console/file";
      });
    });
  }

  @PostMapping("/console/requests")
  Mono<String> file(ServerWebExchange exchange, Model model) {
    return exchange.getFormData().zipWith(sessions.current(exchange)).flatMap(both -> {
      MultiValueMap<String, String> form = both.getT1();
      var signedIn = both.getT2();
      ConsoleController.require(signedIn.staff().officer());
      model.addAttribute("staff", signedIn.staff());
      String nonce = form.getFirst("nonce");
      return gateway.legalBases(signedIn.accessToken()).flatMap(bases -> {
        Optional<ConsoleGateway.LegalBasis> basis = bases.stream()
            .filter(b -> b.code().equals(form.getFirst("basis"))).findFirst();
        if (basis.isEmpty() || nonce == null || !nonce.matches(NONCE)) {
          exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
          model.addAttribute("bases", bases);
          return Mono.just("console/file-basis");
        }
        List<String> fields = new ArrayList<>(Optional.ofNullable(form.get("fields")).orElse(List.of()));
        fields.retainAll(basis.get().allowedFields());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", Map.of("platformId", text(form, "platformId"), "accountId", text(form, "accountId")));
        body.put("legalBasis", basis.get().code());
        body.put("caseReference", text(form, "caseReference"));
        body.put("fields", fields);
        body.put("justification", text(form, "justification"));
        body.put("emergency", basis.get().emergencyAllowed() && "true".equals(form.getFirst("emergency")));
        return gateway.file(signedIn.accessToken(), body, nonce)
            .map(request -> "redirect:/console/requests/" + request.id())
            .onErrorResume(GatewayProblem.class, problem -> {
              if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                return Mono.error(problem);
              }
              exchange.getResponse().setStatusCode(HttpStatus.valueOf(problem.status()));
              model.addAttribute("problem", "console.file.refused");
              model.addAttribute("invalid", invalidFields(problem));
              model.addAttribute("basis", basis.get());
              model.addAttribute("form", form.toSingleValueMap());
              model.addAttribute("checked", fields);
              model.addAttribute("nonce", nonce());
              return Mono.just("console/file");
            });
      });
    });
  }

  /** The form's fields the API named (its JSON names, {@code target.accountId} as {@code accountId}), in form order. */
  static Set<String> invalidFields(GatewayProblem problem) {
    Set<String> named = new HashSet<>();
    for (GatewayProblem.FieldError error : problem.fieldErrors()) {
      String field = error.field() == null ? "" : error.field();
      named.add(field.substring(field.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", ""));
    }
    Set<String> invalid = new LinkedHashSet<>();
    for (String field : FORM_FIELDS) {
      if (named.contains(field)) {
        invalid.add(field);
      }
    }
    return invalid;
  }

  /** The form's fields that an API refusal can name, in the form's order. */
  static final List<String> FORM_FIELDS = List.of("platformId", "accountId", "caseReference", "fields", "justification");

  private static String text(MultiValueMap<String, String> form, String name) {
    String value = form.getFirst(name);
    return value == null ? "" : value.trim();
  }

  static String nonce() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
