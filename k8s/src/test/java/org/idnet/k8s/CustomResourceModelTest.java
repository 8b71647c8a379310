package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The cert-manager (ClusterIssuer, Certificate, approver-policy's CertificateRequestPolicy), External Secrets (ExternalSecret) and prometheus-operator
 * (PodMonitor, PrometheusRule) objects validate with their typed models from npm, and carry no field
 * those models do not declare.
 */
class CustomResourceModelTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  static List<ObjectNode> customResources(Manifests manifests) {
    return manifests.objects().stream().filter(o -> List.of("cert-manager.io/v1", "policy.cert-manager.io/v1alpha1",
        "external-secrets.io/v1", "monitoring.coreos.com/v1")
        .contains(o.path("apiVersion").asText())).toList();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void certManagerAndExternalSecretObjectsValidate(String overlay) throws Exception {
    List<ObjectNode> objects = customResources(Manifests.overlay(overlay));
    CustomResourceModels.Result result = CustomResourceModels.check(objects);

    assertThat(result.exitCode()).as(result.report()).isZero();
    assertThat(result.report()).contains(objects.size() + " objects checked, 0 problems");
    assertThat(objects).extracting(o -> o.path("kind").asText()).contains("ClusterIssuer", "Certificate", "ExternalSecret");
  }

  @Test
  void aWrongValueAndAnUnknownFieldAreRefused() throws Exception {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("Certificate", "gateway-mtls").at("/spec/privateKey")).put("algorithm", "DSA");
    ((ObjectNode) broken.get("Certificate", "identity-service-mtls").path("spec")).put("uri", "spiffe://idnet/identity-service");
    ((ObjectNode) broken.get("ExternalSecret", "redis-password").at("/spec/data/0/remoteRef")).put("keyy", "x");
    ((ObjectNode) broken.get("CertificateRequestPolicy", "idnet-keycloak").at("/spec/allowed")).put("dnsName", "x");

    CustomResourceModels.Result result = CustomResourceModels.check(customResources(broken));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.report()).contains(
        "Certificate/gateway-mtls: data/spec/privateKey/algorithm must be equal to one of the allowed values",
        "Certificate/identity-service-mtls.spec.uri: not a field of CertificateSpec",
        "ExternalSecret/redis-password.spec.data[0].remoteRef.keyy: not a field of",
        "CertificateRequestPolicy/idnet-keycloak.spec.allowed.dnsName: not a field of CertificateRequestPolicyAllowed",
        "4 problems");
  }
}
