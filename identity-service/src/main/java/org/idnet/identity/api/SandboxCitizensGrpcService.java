package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.LocalDate;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.store.SyntheticPopulation;
import org.idnet.sandbox.v1.Citizen;
import org.idnet.sandbox.v1.ListCitizensRequest;
import org.idnet.sandbox.v1.ListCitizensResponse;
import org.idnet.sandbox.v1.SandboxCitizensServiceGrpc;

/**
 * ListCitizens ({@code GET /sandbox/citizens}): people the sandbox register confirms, for developers
 * to register with. The method is public in the contract, so no caller is needed. Registered only
 * with the sandbox profile: the synthetic population is invented, and nothing like it may exist in
 * production.
 */
public final class SandboxCitizensGrpcService extends SandboxCitizensServiceGrpc.SandboxCitizensServiceImplBase {

  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 100;

  private final SyntheticPopulation population;
  private final Clock clock;

  public SandboxCitizensGrpcService(SyntheticPopulation population, Clock clock) {
    this.population = population;
    this.clock = clock;
  }

  @Override
  public void listCitizens(ListCitizensRequest request, StreamObserver<ListCitizensResponse> responses) {
    int count = request.getCount() == 0 ? DEFAULT_COUNT : request.getCount();
    if (count < 1 || count > MAX_COUNT) {
      throw IdentityException.invalid(FailureReason.INVALID_COUNT, "count", "count must be 1-100 (0 means 10)");
    }
    ListCitizensResponse.Builder response = ListCitizensResponse.newBuilder();
    for (SyntheticPopulation.Citizen citizen : population.sample(count, request.getMinor(), LocalDate.now(clock))) {
      response.addCitizens(Citizen.newBuilder()
          .setNationalId(citizen.nationalId().value())
          .setFullName(citizen.fullName().value())
          .setDateOfBirth(citizen.dateOfBirth().toString()));
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }
}
