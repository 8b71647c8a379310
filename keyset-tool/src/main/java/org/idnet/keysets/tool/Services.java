package org.idnet.keysets.tool;

import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The services' keyset layouts by the names the command line uses, bad names as usage errors. */
final class Services {

  private Services() {
  }

  static KeysetLayout layout(CommandSpec spec, String service) {
    try {
      return ServiceLayouts.of(service);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--service: " + e.getMessage());
    }
  }

  static KeysetSpec keyset(CommandSpec spec, KeysetLayout layout, String fileName) {
    return layout.keysets().stream().filter(k -> k.fileName().equals(fileName)).findFirst()
        .orElseThrow(() -> new ParameterException(spec.commandLine(), "--keyset: " + layout.service() + " has no keyset "
            + fileName + "; its keysets: " + String.join(", ", layout.keysets().stream().map(KeysetSpec::fileName)
            .toList())));
  }
}
