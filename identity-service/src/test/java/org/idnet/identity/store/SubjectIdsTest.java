package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectIdsTest {

  @TempDir
  Path directory;

  @Test
  void samePersonAndPlatformGiveTheSameCompactUrlSafeId() {
    KeyProvider keys = VaultKeysets.plain(directory, true);
    UUID person = UUID.randomUUID();

    String id = new SubjectIds(keys).of("platform-a", person);

    assertThat(id).matches("[A-Za-z0-9_-]{22}").isEqualTo(new SubjectIds(keys).of("platform-a", person));
  }

  @Test
  void otherPlatformOtherPersonOrOtherKeyGiveUnrelatedIds() {
    SubjectIds ids = new SubjectIds(VaultKeysets.plain(directory.resolve("one"), true));
    SubjectIds otherKey = new SubjectIds(VaultKeysets.plain(directory.resolve("two"), true));
    UUID person = UUID.randomUUID();
    String onA = ids.of("platform-a", person);

    assertThat(ids.of("platform-b", person)).isNotEqualTo(onA);
    assertThat(ids.of("platform-a", UUID.randomUUID())).isNotEqualTo(onA);
    assertThat(otherKey.of("platform-a", person)).isNotEqualTo(onA);
    // Unrelated, not merely different: no long common prefix.
    assertThat(ids.of("platform-b", person).substring(0, 6)).isNotEqualTo(onA.substring(0, 6));
  }

  @Test
  void theSubjectKeyIsNotTheBlindIndexKey() {
    KeyProvider keys = VaultKeysets.plain(directory, true);

    assertThat(keys.subjectIdKeyset().equalsKeyset(keys.blindIndexKeyset())).isFalse();
  }
}
