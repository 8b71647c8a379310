package org.idnet.disclosure.requests.domain;

import org.idnet.disclosure.release.domain.GrantIssuer;
import org.idnet.disclosure.release.domain.IdentityReleaser;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.disclosure.release.domain.RequestDigester;

/** The release side's ports (written by the keys-and-release feature), grouped for the orchestrator. */
public record ReleasePorts(GrantIssuer grants, IdentityReleaser identity, PackageCipher cipher,
    RequestDigester digester) {
}
