package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The workload-admission component (both overlays), read through fabric8's admissionregistration
 * model: its policy is bound with Deny and fails closed, matches pod creation, ephemeral containers
 * and ReplicaSets in namespace idnet, and guards exactly the deployables' ServiceAccounts and the
 * Secrets only they mount (a new keyset or key Secret left off the list is reported). The CEL itself
 * is evaluated only by an API server (1.30+); here its shape is held.
 */
class WorkloadAdmissionTest {

  static final String NAME = "idnet-deployable-pods";
  /** The operators whose custom resources may name a Secret (their pods mount it: not guardable). */
  static final Set<String> STORE_GROUPS = Set.of("postgresql.cnpg.io", "barmancloud.cnpg.io", "redis.redis.opstreelabs.in",
      "k8s.keycloak.org");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

  @ParameterizedTest
  @FieldSource("org.idnet.k8s.Kustomize#OVERLAYS")
  void onlyTheControllersStartADeployablesPod(String overlay) throws Exception {
    Manifests m = Manifests.overlay(overlay);
    ValidatingAdmissionPolicy policy = StrictModel.MAPPER.treeToValue(m.get("ValidatingAdmissionPolicy", NAME),
        ValidatingAdmissionPolicy.class);
    ValidatingAdmissionPolicyBinding binding = StrictModel.MAPPER.treeToValue(
        m.get("ValidatingAdmissionPolicyBinding", NAME), ValidatingAdmissionPolicyBinding.class);

    assertThat(binding.getSpec().getPolicyName()).isEqualTo(NAME);
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    var spec = policy.getSpec();
    assertThat(spec.getFailurePolicy()).isEqualTo("Fail");
    assertThat(spec.getMatchConstraints().getNamespaceSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", TrustAnchors.NAMESPACE));
    List<String> rules = new ArrayList<>();
    for (NamedRuleWithOperations rule : spec.getMatchConstraints().getResourceRules()) {
      rule.getResources().forEach(r -> rule.getOperations().forEach(o -> rules.add(r + " " + o)));
    }
    assertThat(rules).contains("pods CREATE", "pods/ephemeralcontainers UPDATE", "replicasets CREATE", "replicasets UPDATE");

    assertThat(quoted(variable(policy, "accounts"))).isEqualTo(accounts(m));
    assertThat(quoted(variable(policy, "secrets"))).isEqualTo(guardedSecrets(m));
    assertThat(variable(policy, "guarded")).contains("serviceAccountName", "v.secret.secretName", "s.secret.name",
        "secretKeyRef.name", "secretRef.name", "variables.containers");
    assertThat(variable(policy, "containers")).contains("initContainers");
    assertThat(quoted(variable(policy, "creators"))).containsExactlyInAnyOrder("Pod",
        "system:serviceaccount:kube-system:replicaset-controller", "system:serviceaccount:kube-system:deployment-controller",
        "system:kube-controller-manager");
    assertThat(spec.getValidations()).singleElement().satisfies(v -> assertThat(v.getExpression())
        .contains("!variables.guarded", "request.userInfo.username in variables.creators", "'ephemeralcontainers'"));
  }

  @Test
  void aDeployableSecretLeftOffTheListIsSeen() {
    Manifests broken = Manifests.overlay("production").copy();
    var volumes = broken.deployment("identity-service").withArray("/spec/template/spec/volumes");
    volumes.addObject().put("name", "extra").putObject("secret").put("secretName", "identity-service-new-keys");
    assertThat(guardedSecrets(broken)).contains("identity-service-new-keys");
    assertThat(guardedSecrets(broken)).isNotEqualTo(guardedSecrets(Manifests.overlay("production")));
  }

  /** The deployables' ServiceAccounts. */
  static Set<String> accounts(Manifests m) {
    Set<String> accounts = new TreeSet<>();
    Manifests.DEPLOYABLES.forEach(d -> accounts.add(m.deployment(d).at("/spec/template/spec/serviceAccountName").asText()));
    return accounts;
  }

  /** The Secrets the deployables use, less CA certificates, the public grant keyset and the stores' own. */
  static Set<String> guardedSecrets(Manifests m) {
    Set<String> secrets = new TreeSet<>();
    for (String deployable : Manifests.DEPLOYABLES) {
      JsonNode pod = m.deployment(deployable).at("/spec/template/spec");
      pod.path("volumes").forEach(v -> {
        secrets.add(v.at("/secret/secretName").asText());
        v.at("/projected/sources").forEach(s -> secrets.add(s.at("/secret/name").asText()));
      });
      pod.findValues("secretKeyRef").forEach(r -> secrets.add(r.path("name").asText()));
    }
    secrets.remove("");
    secrets.removeIf(s -> s.endsWith("-ca") || s.equals("disclosure-grant-public-keyset"));
    for (JsonNode object : m.objects()) {
      if (STORE_GROUPS.contains(object.path("apiVersion").asText().replaceFirst("/.*$", ""))) {
        object.findValues("name").forEach(n -> secrets.remove(n.asText()));
        object.findValues("secretName").forEach(n -> secrets.remove(n.asText()));
      }
    }
    return secrets;
  }

  private static String variable(ValidatingAdmissionPolicy policy, String name) {
    return policy.getSpec().getVariables().stream().filter(v -> v.getName().equals(name)).map(Variable::getExpression)
        .findFirst().orElseThrow(() -> new AssertionError("no variable " + name));
  }

  private static Set<String> quoted(String expression) {
    Set<String> values = new TreeSet<>();
    Matcher matcher = QUOTED.matcher(expression);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }
}
