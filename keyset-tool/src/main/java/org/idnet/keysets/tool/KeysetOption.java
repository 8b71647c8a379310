package org.idnet.keysets.tool;

import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --keyset}: one keyset of a service by its file name; a name the service has not is a usage error. */
final class KeysetOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--keyset", required = true, paramLabel = "FILE NAME",
      description = "the keyset's file name, e.g. blind-index-keyset.json or grant-signing-keyset.json")
  String fileName;

  KeysetSpec of(KeysetLayout layout) {
    return layout.keysets().stream().filter(k -> k.fileName().equals(fileName)).findFirst()
        .orElseThrow(() -> new ParameterException(spec.commandLine(), "--keyset: " + layout.service() + " has no keyset "
            + fileName + "; its keysets: " + String.join(", ", layout.keysets().stream().map(KeysetSpec::fileName)
            .toList())));
  }
}
