package org.idnet.web.hosted;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.idnet.web.gateway.GatewayProblem;
import org.idnet.web.i18n.LanguageResolver;
import org.idnet.web.security.ContentSecurityPolicy;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The hosted verification pages (docs/pages.md section 3): a platform's user arrives with a launch
 * address, proves a phone number, then (for REAL_NAME) their identity, and goes back to the platform.
 * Every POST answers 303 to {@code GET /verify} (post/redirect/get) or re-renders its step with 422
 * and the error next to the field; API refusals are shown by their code's message
 * ({@code error.<code>}), never the API's English detail. The phone number, the code and the
 * identity typed are sent on and never kept.
 */
@Controller
public class HostedFlowController {

  static final String VIEW = "hosted/page";
  private static final Pattern LAUNCH = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");
  private static final Pattern NATIONAL_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** An error shown next to its field and in the summary: {@code field} is the input's id. */
  public record FieldError(String field, String key, List<Object> args) {
  }

  private final HostedGateway gateway;
  private final MessageSource messages;

  public HostedFlowController(HostedGateway gateway, MessageSource messages) {
    this.gateway = gateway;
    this.messages = messages;
  }

  @GetMapping("/verify/{launch}")
  Mono<String> launch(@PathVariable String launch, ServerWebExchange exchange, Model model) {
    if (!LAUNCH.matcher(launch).matches()) {
      return launchRefused(exchange, model, HostedStep.LAUNCH_UNUSABLE, HttpStatus.NOT_FOUND);
    }
    return gateway.open(launch).flatMap(opened -> exchange.getSession().flatMap(session -> {
      HostedState state = new HostedState(opened.path("sessionId").asString(), opened.path("sessionSecret").asString(),
          opened.path("platformId").asString(), opened.path("accountLabel").asString(""),
          opened.path("accountId").asString(), opened.path("guardianAccountId").asString(""),
          opened.path("level").asString(), opened.path("returnOrigin").asString(), null, null, false);
      session.getAttributes().put(HostedState.ATTRIBUTE, state);
      if (exchange.getRequest().getQueryParams().getFirst("lang") == null) {
        // The session's language, as if the user had chosen it; ?lang= on any page still switches.
        String locale = LanguageResolver.supported(opened.path("locale").asString("vi")) == null ? "vi"
            : opened.path("locale").asString();
        exchange.getResponse().addCookie(ResponseCookie.from(LanguageResolver.COOKIE, locale)
            .path("/").secure(true).httpOnly(true).sameSite("Lax").maxAge(Duration.ofDays(365)).build());
      }
      return session.changeSessionId().thenReturn("redirect:/verify");
    })).onErrorResume(GatewayProblem.class, problem -> problem.status() >= 500 || problem.status() == 429
        ? launchRefused(exchange, model, HostedStep.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE)
        : launchRefused(exchange, model, HostedStep.LAUNCH_UNUSABLE, HttpStatus.NOT_FOUND));
  }

  /**
   * A launch address that opened nothing: a token not spent may still be in the address, so neither
   * the language links nor a Referer repeat it (the page has no form).
   */
  private Mono<String> launchRefused(ServerWebExchange exchange, Model model, HostedStep step, HttpStatus status) {
    model.addAttribute("languageLinks", java.util.Map.of("vi", "/verify?lang=vi", "en", "/verify?lang=en"));
    // After SecurityHeaders' same-origin (its commit action was registered first, so runs first).
    exchange.getResponse().beforeCommit(() -> {
      exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
      return Mono.empty();
    });
    return page(exchange, model, step, null, status);
  }

  @GetMapping("/verify")
  Mono<String> current(ServerWebExchange exchange, Model model) {
    return withState(exchange, model, (session, state) -> show(exchange, model, state, List.of(), HttpStatus.OK));
  }

  @PostMapping("/verify/phone")
  Mono<String> phone(ServerWebExchange exchange, Model model) {
    return startPhone(exchange, model);
  }

  private Mono<String> startPhone(ServerWebExchange exchange, Model model) {
    HostedStep step = HostedStep.PHONE;
    return withForm(exchange, model, (session, state, form) -> {
      String phone = value(form, "phone");
      if (phone.isEmpty()) {
        return invalid(exchange, model, state, step, "phone", "error.phone-required", phone);
      }
      // The session's own account only: the guardian is never sent a code from here (section 3.4).
      return gateway.startPhone(state, state.accountId(), phone).flatMap(verification -> {
        String id = verification.path("id").asString();
        String masked = verification.path("phoneNumber").asString("");
        put(session, state.withVerification(id, masked));
        return Mono.just("redirect:/verify");
      }).onErrorResume(GatewayProblem.class, problem -> refused(exchange, model, session, state, step, "phone",
          problem, phone));
    });
  }

  @PostMapping("/verify/code")
  Mono<String> code(ServerWebExchange exchange, Model model) {
    return checkCode(exchange, model);
  }

  private Mono<String> checkCode(ServerWebExchange exchange, Model model) {
    HostedStep step = HostedStep.CODE;
    return withForm(exchange, model, (session, state, form) -> {
      String verification = state.verificationId();
      if (verification == null) {
        return Mono.just("redirect:/verify");
      }
      String code = value(form, "code");
      if (!CODE.matcher(code).matches()) {
        return invalid(exchange, model, state, step, "code", "error.invalid-code", "");
      }
      return gateway.checkCode(state, verification, code).flatMap(checked -> {
        String status = checked.path("status").asString("");
        if ("APPROVED".equals(status)) {
          put(session, state.withVerification(null, null));
          return Mono.just("redirect:/verify");
        }
        if ("PENDING".equals(status)) {
          return show(exchange, model, state, List.of(new FieldError("code", "error.wrong-code",
              List.of(checked.path("attemptsRemaining").asInt(0)))), HttpStatus.UNPROCESSABLE_CONTENT, step, "");
        }
        // FAILED or EXPIRED: this verification is over; a new number (or the same) starts again.
        HostedState fresh = state.withVerification(null, null);
        put(session, fresh);
        return show(exchange, model, fresh, List.of(new FieldError("phone", "error.verification-over", List.of())),
            HttpStatus.UNPROCESSABLE_CONTENT, HostedStep.PHONE, "");
      }).onErrorResume(GatewayProblem.class, problem -> {
        if (problem.status() == 404 || problem.status() == 409 || "too-many-failed-checks".equals(problem.code())) {
          HostedState fresh = state.withVerification(null, null);
          put(session, fresh);
          return refused(exchange, model, session, fresh, HostedStep.PHONE, "phone", problem, "");
        }
        return refused(exchange, model, session, state, step, "code", problem, "");
      });
    });
  }

  @PostMapping("/verify/code/resend")
  Mono<String> resend(ServerWebExchange exchange, Model model) {
    return withForm(exchange, model, (session, state, form) -> {
      String verification = state.verificationId();
      if (verification == null) {
        return Mono.just("redirect:/verify");
      }
      HostedStep step = HostedStep.CODE;
      return gateway.resend(state, verification).thenReturn("redirect:/verify")
          .onErrorResume(GatewayProblem.class, problem -> refused(exchange, model, session, state, step, "code",
              problem, ""));
    });
  }

  @PostMapping("/verify/identity")
  Mono<String> identity(ServerWebExchange exchange, Model model) {
    return withForm(exchange, model, (session, state, form) -> {
      String fullName = value(form, "fullName");
      String nationalId = value(form, "nationalId").replace(" ", "");
      String dateOfBirth = value(form, "dateOfBirth");
      // GUARDIAN_CONFIRM's form: the same details, and the user confirms the guardian the platform
      // named is with them; the guardian goes with the details (identity checks it is the named one).
      boolean withGuardian = "guardian".equals(value(form, "step")) && state.guardianNamed();
      HostedStep step = withGuardian ? HostedStep.GUARDIAN_CONFIRM : HostedStep.IDENTITY;
      model.addAttribute("fullName", fullName);
      model.addAttribute("nationalId", nationalId);
      model.addAttribute("dateOfBirth", dateOfBirth);
      List<FieldError> errors = new ArrayList<>();
      if (fullName.isEmpty()) {
        errors.add(new FieldError("fullName", "error.full-name-required", List.of()));
      }
      if (!NATIONAL_ID.matcher(nationalId).matches()) {
        errors.add(new FieldError("nationalId", "error.national-id-format", List.of()));
      }
      if (!DATE.matcher(dateOfBirth).matches()) {
        errors.add(new FieldError("dateOfBirth", "error.date-of-birth-format", List.of()));
      }
      if (withGuardian && !"yes".equals(value(form, "guardianConfirmed"))) {
        errors.add(new FieldError("guardianConfirmed", "hosted.guardian-confirm.required", List.of()));
      }
      if (!errors.isEmpty()) {
        return show(exchange, model, state, errors, HttpStatus.UNPROCESSABLE_CONTENT, step, "");
      }
      return gateway.registerRealName(state, fullName, nationalId, dateOfBirth, withGuardian)
          .thenReturn("redirect:/verify")
          .onErrorResume(GatewayProblem.class, problem -> "guardian-required".equals(problem.code()) && !withGuardian
              ? Mono.just("redirect:/verify")
              : refused(exchange, model, session, state, step, identityField(problem), problem, ""));
    });
  }

  /** The input an identity refusal belongs to: the first field the API names that the form has. */
  private static String identityField(GatewayProblem problem) {
    for (GatewayProblem.FieldError field : problem.fieldErrors()) {
      String name = field.field() == null ? "" : field.field();
      if (name.equals("nationalId") || name.equals("dateOfBirth") || name.equals("fullName")) {
        return name;
      }
    }
    return "fullName";
  }

  @PostMapping("/verify/finish")
  Mono<String> finish(ServerWebExchange exchange, Model model) {
    return withForm(exchange, model, (session, state, form) -> gateway.complete(state)
        .flatMap(done -> leave(exchange, model, session, state, done))
        .onErrorResume(GatewayProblem.class, problem -> "level-not-reached".equals(problem.code())
            ? Mono.just("redirect:/verify")
            : ended(exchange, model, session, problem)));
  }

  /**
   * Cancel: ATTEMPTS_EXHAUSTED whenever the step is EXHAUSTED (the web's session limit, or identity's
   * real-name attempts spent), CANCELLED otherwise.
   */
  @PostMapping("/verify/cancel")
  Mono<String> cancel(ServerWebExchange exchange, Model model) {
    return withForm(exchange, model, (session, state, form) -> exhausted(state)
        .flatMap(exhausted -> gateway.cancel(state, exhausted ? "ATTEMPTS_EXHAUSTED" : "CANCELLED"))
        .flatMap(done -> leave(exchange, model, session, state, done))
        .onErrorResume(GatewayProblem.class, problem -> ended(exchange, model, session, problem)));
  }

  private Mono<Boolean> exhausted(HostedState state) {
    if (state.limitReached()) {
      return Mono.just(true);
    }
    return gateway.session(state).map(session -> HostedStep.of(state, session) == HostedStep.EXHAUSTED);
  }

  /**
   * The session is over: the web forgets it and the browser goes back to the platform, only to an
   * absolute address on the session's return origin (else the ended page: no open redirect, no empty
   * Location, whatever the API answered).
   */
  private Mono<String> leave(ServerWebExchange exchange, Model model, WebSession session, HostedState state,
      JsonNode done) {
    session.getAttributes().remove(HostedState.ATTRIBUTE);
    String target = done.path("redirectUrl").asString("");
    if (!sameOrigin(target, state.returnOrigin())) {
      return page(exchange, model, HostedStep.ENDED, null, HttpStatus.NOT_FOUND);
    }
    return Mono.just("redirect:" + target);
  }

  static boolean sameOrigin(String target, String origin) {
    try {
      java.net.URI uri = new java.net.URI(target);
      java.net.URI expected = new java.net.URI(origin);
      if (!uri.isAbsolute() || uri.getHost() == null || expected.getHost() == null || uri.getRawUserInfo() != null) {
        return false;
      }
      return uri.getScheme().equalsIgnoreCase(expected.getScheme()) && uri.getHost().equalsIgnoreCase(expected.getHost())
          && port(uri) == port(expected);
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return false;
    }
  }

  private static int port(java.net.URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  // --- rendering

  private Mono<String> show(ServerWebExchange exchange, Model model, HostedState state, List<FieldError> errors,
      HttpStatus status) {
    return gateway.session(state).flatMap(session -> show(exchange, model, state, errors, status,
            HostedStep.of(state, session), ""))
        .onErrorResume(GatewayProblem.class, problem -> problem.status() == 401 || problem.status() == 404
            ? exchange.getSession().flatMap(s -> {
              s.getAttributes().remove(HostedState.ATTRIBUTE);
              return page(exchange, model, HostedStep.ENDED, null, HttpStatus.NOT_FOUND);
            })
            : page(exchange, model, HostedStep.UNAVAILABLE, state, HttpStatus.SERVICE_UNAVAILABLE));
  }

  private Mono<String> show(ServerWebExchange exchange, Model model, HostedState state, List<FieldError> errors,
      HttpStatus status, HostedStep step, String phone) {
    model.addAttribute("errors", errors);
    model.addAttribute("phone", phone);
    return page(exchange, model, step, state, status);
  }

  private Mono<String> page(ServerWebExchange exchange, Model model, HostedStep step, HostedState state,
      HttpStatus status) {
    exchange.getResponse().setStatusCode(status);
    model.addAttribute("step", step.name());
    model.addAttribute("stepKey", step.key());
    model.addAttribute("state", state);
    if (!model.containsAttribute("errors")) {
      model.addAttribute("errors", List.of());
    }
    @SuppressWarnings("unchecked")
    List<FieldError> errors = (List<FieldError>) model.getAttribute("errors");
    java.util.Map<String, FieldError> byField = new java.util.LinkedHashMap<>();
    errors.forEach(e -> byField.putIfAbsent(e.field(), e));
    model.addAttribute("errorOf", byField);
    model.addAttribute("firstInvalid", errors.isEmpty() ? "" : errors.getFirst().field());
    for (String field : List.of("phone", "fullName", "nationalId", "dateOfBirth")) {
      if (!model.containsAttribute(field)) {
        model.addAttribute(field, "");
      }
    }
    if (state != null) {
      // Finish and cancel answer 303 to the platform: Chromium follows it only if form-action lists it.
      ContentSecurityPolicy.allowFormAction(exchange, state.returnOrigin());
    }
    return Mono.just(VIEW);
  }

  private Mono<String> invalid(ServerWebExchange exchange, Model model, HostedState state, HostedStep step,
      String field, String key, String phone) {
    return show(exchange, model, state, List.of(new FieldError(field, key, List.of())),
        HttpStatus.UNPROCESSABLE_CONTENT, step, phone);
  }

  /**
   * An API refusal on a step: session-limit-reached leaves only "return to the platform"; a session
   * that ended shows so; any other is shown next to {@code field} (422, or the API's status for a
   * limit or an outage).
   */
  private Mono<String> refused(ServerWebExchange exchange, Model model, WebSession session, HostedState state,
      HostedStep step, String field, GatewayProblem problem, String phone) {
    if ("session-limit-reached".equals(problem.code())) {
      put(session, state.withLimitReached());
      return Mono.just("redirect:/verify");
    }
    if ("invalid-session".equals(problem.code()) || "hosted-session-not-found".equals(problem.code())) {
      return ended(exchange, model, session, problem);
    }
    HttpStatus status = problem.status() >= 500 ? HttpStatus.SERVICE_UNAVAILABLE
        : problem.status() == 429 ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNPROCESSABLE_CONTENT;
    return show(exchange, model, state, List.of(new FieldError(field, known(problem.messageKey()), List.of())), status,
        step, phone);
  }

  private Mono<String> ended(ServerWebExchange exchange, Model model, WebSession session, GatewayProblem problem) {
    if (problem.status() >= 500) {
      HostedState state = session.getAttribute(HostedState.ATTRIBUTE);
      return page(exchange, model, HostedStep.UNAVAILABLE, state, HttpStatus.SERVICE_UNAVAILABLE);
    }
    session.getAttributes().remove(HostedState.ATTRIBUTE);
    return page(exchange, model, HostedStep.ENDED, null, HttpStatus.NOT_FOUND);
  }

  /**
   * Only codes the bundles name are shown by their message, the hosted pages' own wording first
   * ({@code hosted.error.<code>}: a {@code not-found} here is a code that can no longer be used); any
   * other as "something went wrong".
   */
  private String known(String key) {
    if (exists("hosted." + key)) {
      return "hosted." + key;
    }
    return exists(key) ? key : "error.unexpected";
  }

  private boolean exists(String key) {
    return messages.getMessage(key, null, null, LanguageResolver.VIETNAMESE) != null;
  }

  // --- session plumbing

  private interface WithState {
    Mono<String> apply(WebSession session, HostedState state);
  }

  private interface WithForm {
    Mono<String> apply(WebSession session, HostedState state, MultiValueMap<String, String> form);
  }

  private Mono<String> withState(ServerWebExchange exchange, Model model, WithState action) {
    return exchange.getSession().flatMap(session -> {
      HostedState state = session.getAttribute(HostedState.ATTRIBUTE);
      if (state == null) {
        return page(exchange, model, HostedStep.ENDED, null, HttpStatus.NOT_FOUND);
      }
      return action.apply(session, state);
    });
  }

  /**
   * A form acts only on the session it was shown for: its hidden {@code session} field (the
   * {@code vs_…} id, never the secret) must be the web session's current one; another launch in
   * the same browser since then answers 409 without acting.
   */
  private Mono<String> withForm(ServerWebExchange exchange, Model model, WithForm action) {
    return exchange.getFormData().flatMap(form -> withState(exchange, model, (session, state) ->
        state.sessionId().equals(value(form, "session"))
            ? action.apply(session, state, form)
            : page(exchange, model, HostedStep.REPLACED, null, HttpStatus.CONFLICT)));
  }

  private static void put(WebSession session, HostedState state) {
    session.getAttributes().put(HostedState.ATTRIBUTE, state);
  }

  private static String value(MultiValueMap<String, String> form, String name) {
    String value = form.getFirst(name);
    return value == null ? "" : value.strip();
  }

}
