package org.idnet.admin.onboarding;

import java.util.ArrayList;
import java.util.List;

/**
 * Creating clients and rotating their secrets. Nothing is left half-created: a client is made whole
 * or removed again by the registry, and an agency is created all or nothing (when one of its clients
 * fails, those made before it are removed).
 */
public final class Onboarding {

  private final ClientRegistry registry;
  private final ClientControl control;

  public Onboarding(ClientRegistry registry, ClientControl control) {
    this.registry = registry;
    this.control = control;
  }

  public Created create(ServiceClient client) {
    if (registry.exists(client.id())) {
      throw OnboardingException.conflict("client '" + client.id() + "' already exists; nothing was created");
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

  public Secret rotateSecret(ClientId id) {
    return control.rotateSecret(id);
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
