package org.idnet.admin.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Creating clients. Nothing is left half-created: a client is made whole or removed again by the
 * registry, and an agency is created all or nothing (when one of its clients fails, those made before
 * it are removed). An id on the gateways' deny-list is refused: every gateway would refuse the new
 * client's tokens, and nothing in Keycloak would say why.
 */
public final class Onboarding {

  /** An id is an audit and rate-limit key: one taken out of service is not handed to someone new by accident. */
  private static final String ADVICE = "Choose another id ('idnet-admin denied' lists the deny-list).";

  private final ClientRegistry registry;
  private final DenyList denyList;
  private final Consumer<String> warnings;

  /**
   * @param warnings told when the deny-list cannot be read; creation goes on (the list is a gateway
   *     matter, Keycloak is the record)
   */
  public Onboarding(ClientRegistry registry, DenyList denyList, Consumer<String> warnings) {
    this.registry = registry;
    this.denyList = denyList;
    this.warnings = warnings;
  }

  public Created create(ServiceClient client) {
    if (registry.exists(client.id())) {
      throw OnboardingException.conflict("client '" + client.id() + "' already exists; nothing was created");
    }
    List<String> denied = denied(List.of(client));
    if (!denied.isEmpty()) {
      throw OnboardingException.conflict("client id '" + client.id() + "' is on the gateways' deny-list: every"
          + " gateway would refuse its tokens; nothing was created. " + ADVICE);
    }
    return new Created(client.id(), registry.create(client));
  }

  public List<Created> createAgency(Agency agency) {
    List<ServiceClient> clients = agency.clients();
    List<String> taken = clients.stream().map(ServiceClient::id).filter(registry::exists).map(ClientId::value).toList();
    if (!taken.isEmpty()) {
      throw OnboardingException.conflict("agency '" + agency.id() + "': client(s) " + String.join(", ", taken)
          + " already exist; nothing was created");
    }
    List<String> denied = denied(clients);
    if (!denied.isEmpty()) {
      throw OnboardingException.conflict("agency '" + agency.id() + "': client id(s) " + String.join(", ", denied)
          + " are on the gateways' deny-list: every gateway would refuse their tokens; nothing was created. " + ADVICE);
    }
    List<Created> created = new ArrayList<>();
    try {
      for (ServiceClient client : clients) {
        created.add(new Created(client.id(), registry.create(client)));
      }
      return created;
    } catch (OnboardingException e) {
      throw undo(agency, created, e);
    } catch (RuntimeException e) {
      throw undo(agency, created, OnboardingException.failed(String.valueOf(e.getMessage()), e));
    }
  }

  /** The clients' ids on the deny-list; none, with a warning, when it cannot be read. */
  private List<String> denied(List<ServiceClient> clients) {
    Set<String> members;
    try {
      members = denyList.members();
    } catch (OnboardingException e) {
      List<String> ids = clients.stream().map(c -> c.id().value()).toList();
      warnings.accept("warning: could not check the gateways' deny-list (" + e.getMessage() + "); creating "
          + String.join(", ", ids) + " anyway. Should an id be on it, every gateway refuses that client's tokens:"
          + " check with 'idnet-admin denied' once Redis is back.");
      return List.of();
    }
    return clients.stream().map(c -> c.id().value()).filter(members::contains).toList();
  }

  /** Removes this run's clients, newest first, and says so in front of the failure's message. */
  private OnboardingException undo(Agency agency, List<Created> created, OnboardingException failure) {
    List<String> removed = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = created.size() - 1; i >= 0; i--) {
      ClientId id = created.get(i).id();
      try {
        registry.remove(id);
        removed.add(id.value());
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
        left.add(id.value());
      }
    }
    String prefix = "agency '" + agency.id() + "' not created";
    if (!left.isEmpty()) {
      return new OnboardingException(OnboardingException.Problem.FAILED, prefix + ", and " + String.join(", ", left)
          + " could not be removed: remove them by hand (admin console, Clients). Cause: " + failure.getMessage(), failure);
    }
    return failure.withPrefix(prefix + (removed.isEmpty() ? "" : " (removed again: " + String.join(", ", removed) + ")") + ": ");
  }
}
