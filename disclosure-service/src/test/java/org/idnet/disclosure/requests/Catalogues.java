package org.idnet.disclosure.requests;

import java.util.List;
import java.util.Set;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.requests.domain.LegalBasis;
import org.idnet.disclosure.requests.domain.LegalBasisCatalogue;

/** The sandbox catalogue (application-sandbox.yml), for tests that wire the workflow by hand. */
public final class Catalogues {

  public static final String CPC_ART88 = "VN-CPC-2015-ART88";
  public static final String CYBERSEC_ART26 = "VN-CYBERSEC-2018-ART26";
  public static final String DECREE147_ART27 = "VN-DECREE147-2024-ART27";
  public static final String TAX_ART98 = "VN-TAXADMIN-2019-ART98";

  public static final LegalBasisCatalogue SANDBOX = new LegalBasisCatalogue(List.of(
      new LegalBasis(CPC_ART88, "Criminal Procedure Code 2015, Article 88", Set.of(IdentityField.values()), true),
      new LegalBasis(CYBERSEC_ART26, "Law on Cybersecurity 2018, Article 26",
          Set.of(IdentityField.FULL_NAME, IdentityField.PHONE_NUMBER), true),
      new LegalBasis(DECREE147_ART27, "Decree 147/2024/ND-CP, Article 27",
          Set.of(IdentityField.FULL_NAME, IdentityField.DATE_OF_BIRTH, IdentityField.PHONE_NUMBER), false),
      new LegalBasis(TAX_ART98, "Law on Tax Administration 2019, Article 98",
          Set.of(IdentityField.FULL_NAME, IdentityField.NATIONAL_ID), false)));

  /**
   * The sandbox catalogue after a change of the law: Article 88 narrowed to the full name and no
   * longer on the emergency track, the tax article withdrawn.
   */
  public static final LegalBasisCatalogue NARROWED = new LegalBasisCatalogue(List.of(
      new LegalBasis(CPC_ART88, "Criminal Procedure Code 2015, Article 88", Set.of(IdentityField.FULL_NAME), false),
      new LegalBasis(CYBERSEC_ART26, "Law on Cybersecurity 2018, Article 26",
          Set.of(IdentityField.FULL_NAME, IdentityField.PHONE_NUMBER), true)));

  private Catalogues() {
  }
}
