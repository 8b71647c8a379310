package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.idnet.disclosure.release.domain.IdentityField;
import org.junit.jupiter.api.Test;

/** The catalogue refuses to exist in a state that would silently refuse (or allow) requests. */
class LegalBasisCatalogueTest {

  static LegalBasis basis(String code) {
    return new LegalBasis(code, "title of " + code, Set.of(IdentityField.FULL_NAME), false);
  }

  @Test
  void catalogueWhenEmptyThenRefusedWithReason() {
    assertThatThrownBy(() -> new LegalBasisCatalogue(List.of())).hasMessageContaining("empty");
  }

  @Test
  void catalogueWhenCodeTwiceOrMalformedOrNoFieldsThenRefusedNamingTheEntry() {
    assertThatThrownBy(() -> new LegalBasisCatalogue(List.of(basis("VN-A"), basis("VN-A"))))
        .hasMessageContaining("VN-A").hasMessageContaining("twice");
    assertThatThrownBy(() -> new LegalBasisCatalogue(List.of(basis("vn lower case"))))
        .hasMessageContaining("vn lower case");
    assertThatThrownBy(() -> new LegalBasisCatalogue(List.of(new LegalBasis("VN-B", "t", Set.of(), true))))
        .hasMessageContaining("VN-B").hasMessageContaining("no field");
    assertThatThrownBy(() -> new LegalBasisCatalogue(List.of(new LegalBasis("VN-C", " ", Set.of(IdentityField.FULL_NAME),
        true)))).hasMessageContaining("VN-C").hasMessageContaining("title");
  }

  @Test
  void findWhenKnownThenBasisAndAllInConfigurationOrder() {
    var catalogue = new LegalBasisCatalogue(List.of(basis("VN-Z"), basis("VN-A")));
    assertThat(catalogue.find("VN-A")).isPresent();
    assertThat(catalogue.find("VN-X")).isEmpty();
    assertThat(catalogue.all()).extracting(LegalBasis::code).containsExactly("VN-Z", "VN-A");
  }
}
