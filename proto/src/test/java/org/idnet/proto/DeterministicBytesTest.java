package org.idnet.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeterministicBytesTest {

  @Test
  void ofWhenMapEntriesAddedInAnyOrderThenTheSameBytes() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      keys.add("key-" + i);
    }
    Struct sorted = struct(keys);
    Collections.shuffle(keys, new Random(13));
    Struct shuffled = struct(keys);

    assertThat(shuffled).isEqualTo(sorted);
    assertThat(DeterministicBytes.of(shuffled)).isEqualTo(DeterministicBytes.of(sorted));
  }

  @Test
  void ofParsesBackToTheMessage() throws Exception {
    Struct message = struct(List.of("b", "a"));

    assertThat(Struct.parseFrom(DeterministicBytes.of(message))).isEqualTo(message);
    assertThat(DeterministicBytes.of(Struct.getDefaultInstance())).isEmpty();
  }

  @Test
  void sha256IsTheDigestOfTheDeterministicBytes() throws Exception {
    Struct message = struct(List.of("z", "y", "x"));

    assertThat(DeterministicBytes.sha256(message))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(DeterministicBytes.of(message)))
        .hasSize(32);
  }

  private static Struct struct(List<String> keys) {
    Struct.Builder struct = Struct.newBuilder();
    keys.forEach(key -> struct.putFields(key, Value.newBuilder().setStringValue("v" + key).build()));
    return struct.build();
  }
}
