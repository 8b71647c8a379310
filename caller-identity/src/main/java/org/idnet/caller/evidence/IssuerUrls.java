package org.idnet.caller.evidence;

import java.net.URI;
import org.idnet.caller.urls.HttpsOnly;

/**
 * The rule for where the issuer's discovery document and keys may be fetched from: https only,
 * since whoever answers those requests decides which keys sign evidence; plain http to this machine
 * alone (the sandbox's issuers listen on {@code http://localhost}). The rule itself is
 * {@link HttpsOnly}, shared with the other outside endpoints.
 */
public final class IssuerUrls {

  private IssuerUrls() {
  }

  /**
   * @param property the setting the URL came from, named in the message (e.g. {@code idnet.evidence.issuer-uri})
   * @return the URL, parsed
   * @throws IllegalArgumentException naming the property when the URL is not https, or http to a non-loopback host
   */
  public static URI require(String property, String url) {
    return HttpsOnly.require(property, url, "whoever answers it decides which keys sign officials' tokens");
  }
}
