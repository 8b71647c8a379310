package org.idnet.gateway.docs;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON objects of the document, keys in the order written, so the document reads the same every time. */
final class Json {

  private Json() {
  }

  static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }
}
