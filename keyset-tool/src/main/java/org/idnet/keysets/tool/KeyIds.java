package org.idnet.keysets.tool;

import com.google.crypto.tink.KeysetHandle;
import java.util.ArrayList;
import java.util.List;

/** How the commands print a keyset: its key ids (unsigned, as Tink's JSON shows them), the primary marked. */
final class KeyIds {

  private KeyIds() {
  }

  static String describe(KeysetHandle handle) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry entry = handle.getAt(i);
      keys.add(id(entry.getId()) + (entry.isPrimary() ? " (primary)" : "")
          + (entry.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED ? "" : " (" + entry.getStatus() + ")"));
    }
    return "key ids " + String.join(", ", keys);
  }

  static String id(int id) {
    return Integer.toUnsignedString(id);
  }

  static List<String> ids(KeysetHandle handle) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < handle.size(); i++) {
      ids.add(id(handle.getAt(i).getId()));
    }
    return ids;
  }
}
