package org.idnet.keysets.tool;

import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.ServiceLayouts;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --service}: whose keysets a command works on, by the names the command line uses; a bad name is a usage error. */
final class ServiceOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--service", required = true, paramLabel = "identity|disclosure",
      description = "whose keysets: identity (aead, blind-index, subject-id) or disclosure (grant-signing, "
          + "audit-signing, package, account-index, request-field)")
  String service;

  /** The service's keyset layout, its settings named as this tool's options ({@code --keys.*}). */
  KeysetLayout layout() {
    try {
      return KmsOptions.named(ServiceLayouts.of(service));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--service: " + e.getMessage());
    }
  }
}
