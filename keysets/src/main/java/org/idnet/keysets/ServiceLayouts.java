package org.idnet.keysets;

import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.util.List;
import java.util.Locale;

/**
 * The keyset directories of identity-service, disclosure-service, webhook-dispatcher and web, declared once: the services
 * load them, and {@code bin/idnet-keysets} makes and rotates them, so the command writes exactly the
 * files, kinds and associated data the services read. The service names and file names are part of
 * every deployed KMS-encrypted keyset's associated data ({@code idnet-identity|aead-keyset.json}, ...):
 * changing them makes those keysets unreadable.
 */
public final class ServiceLayouts {

  private ServiceLayouts() {
  }

  /** identity-service's vault: three keysets, distinct key material each. */
  public static final class Identity {

    public static final KeysetSpec FIELD_ENCRYPTION = new KeysetSpec("aead-keyset.json",
        PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    /** Blind indexes, and the MACs of the issuer-key archive and of the answer cache. */
    public static final KeysetSpec BLIND_INDEX = new KeysetSpec("blind-index-keyset.json",
        PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
    public static final KeysetSpec SUBJECT_ID = new KeysetSpec("subject-id-keyset.json",
        PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
    public static final KeysetLayout LAYOUT = new KeysetLayout("identity", "idnet.identity.keys",
        List.of(FIELD_ENCRYPTION, BLIND_INDEX, SUBJECT_ID));

    private Identity() {
    }
  }

  /** disclosure-service's keysets: five, distinct key material each. */
  public static final class Disclosure {

    /** Ed25519 with the TINK prefix: identity-service finds the key by the id the signature carries. */
    public static final KeysetSpec GRANT_SIGNING = new KeysetSpec("grant-signing-keyset.json",
        PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
    public static final KeysetSpec AUDIT_SIGNING = new KeysetSpec("audit-signing-keyset.json",
        PredefinedSignatureParameters.ED25519, Ed25519Parameters.class);
    public static final KeysetSpec PACKAGE_ENCRYPTION = new KeysetSpec("package-keyset.json",
        PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    /** Blind index of requests' target accounts (notices find them by it): never the package keys. */
    public static final KeysetSpec ACCOUNT_INDEX = new KeysetSpec("account-index-keyset.json",
        PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
    /**
     * Requests' account ids: apart from the package keys, which may be retired once the last package
     * has expired, while requests are kept for good.
     */
    public static final KeysetSpec REQUEST_FIELDS = new KeysetSpec("request-field-keyset.json",
        PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    public static final KeysetLayout LAYOUT = new KeysetLayout("disclosure", "idnet.disclosure.keys",
        List.of(GRANT_SIGNING, AUDIT_SIGNING, PACKAGE_ENCRYPTION, ACCOUNT_INDEX, REQUEST_FIELDS));

    private Disclosure() {
    }
  }

  /** webhook-dispatcher's keysets: two, distinct key material each. */
  public static final class Webhooks {

    /** Endpoints' signing secrets and the stored bodies of events (which name platforms' accounts). */
    public static final KeysetSpec SECRETS = new KeysetSpec("secret-keyset.json",
        PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    /** The key that keeps one account's events in order without storing its id in plain. */
    public static final KeysetSpec ACCOUNT_ORDER = new KeysetSpec("account-order-keyset.json",
        PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
    public static final KeysetLayout LAYOUT = new KeysetLayout("webhooks", "idnet.webhooks.keys",
        List.of(SECRETS, ACCOUNT_ORDER));

    private Webhooks() {
    }
  }

  /** The web's keysets (docs/pages.md): its browser sessions in Redis, distinct key material each. */
  public static final class Web {

    /** Seals each session's attributes (associated data: the session's Redis key). */
    public static final KeysetSpec SESSIONS = new KeysetSpec("session-keyset.json",
        PredefinedAeadParameters.AES256_GCM, AeadParameters.class);
    /** Names sessions (and the per-address counters) in Redis without the cookie's value. */
    public static final KeysetSpec SESSION_IDS = new KeysetSpec("session-id-keyset.json",
        PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
    public static final KeysetLayout LAYOUT = new KeysetLayout("web", "idnet.web.sessions.keys",
        List.of(SESSIONS, SESSION_IDS));

    private Web() {
    }
  }

  /** Every service's layout. */
  public static final List<KeysetLayout> ALL = List.of(Identity.LAYOUT, Disclosure.LAYOUT, Webhooks.LAYOUT,
      Web.LAYOUT);

  /**
   * The layout of {@code service} ({@code identity}, {@code disclosure} or {@code webhooks}; a
   * deployable's name, such as {@code identity-service} or {@code webhook-dispatcher}, works too).
   *
   * @throws IllegalArgumentException naming the known services
   */
  public static KeysetLayout of(String service) {
    String name = service == null ? "" : service.toLowerCase(Locale.ROOT).replaceFirst("-service$", "")
        .replaceFirst("^webhook-dispatcher$", "webhooks");
    return ALL.stream().filter(l -> l.service().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no keysets for service '" + service + "': one of "
            + String.join(", ", ALL.stream().map(KeysetLayout::service).toList())));
  }
}
