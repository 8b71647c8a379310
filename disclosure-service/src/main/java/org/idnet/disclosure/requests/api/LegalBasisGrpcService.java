package org.idnet.disclosure.requests.api;

import io.grpc.stub.StreamObserver;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.requests.domain.LegalBasisCatalogue;
import org.idnet.disclosure.v1.LegalBasis;
import org.idnet.disclosure.v1.LegalBasisServiceGrpc;
import org.idnet.disclosure.v1.ListLegalBasesRequest;
import org.idnet.disclosure.v1.ListLegalBasesResponse;

/** The legal-basis catalogue, in configuration order, for officials choosing a basis. */
public final class LegalBasisGrpcService extends LegalBasisServiceGrpc.LegalBasisServiceImplBase {

  private final ListLegalBasesResponse catalogue;

  public LegalBasisGrpcService(LegalBasisCatalogue catalogue) {
    // Configuration does not change while the service runs: build the answer once.
    ListLegalBasesResponse.Builder response = ListLegalBasesResponse.newBuilder();
    for (var basis : catalogue.all()) {
      LegalBasis.Builder b = LegalBasis.newBuilder().setCode(basis.code()).setTitle(basis.title())
          .setEmergencyAllowed(basis.emergencyAllowed());
      basis.allowedFields().stream().sorted().forEach(f -> b.addAllowedFields(IdentityFieldMapping.toProto(f)));
      response.addLegalBases(b);
    }
    this.catalogue = response.build();
  }

  @Override
  public void listLegalBases(ListLegalBasesRequest request, StreamObserver<ListLegalBasesResponse> out) {
    out.onNext(catalogue);
    out.onCompleted();
  }
}
