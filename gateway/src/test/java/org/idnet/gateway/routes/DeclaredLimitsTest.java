package org.idnet.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every value a client sends is bounded by the contract, and every bound is one that can hold. */
class DeclaredLimitsTest {

  private final ApiCatalog catalog = ApiCatalog.load();

  @Test
  void everyStringAndRepeatedFieldOfAnExternalRequestDeclaresAnUpperBound() {
    List<String> unbounded = new ArrayList<>();
    for (Descriptor type : requestTypes()) {
      for (FieldDescriptor field : type.getFields()) {
        var limits = DeclaredLimits.of(field).map(DeclaredLimits::limits);
        boolean text = field.getJavaType() == FieldDescriptor.JavaType.STRING
            || field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING;
        if (text && limits.map(l -> l.getMaxLength() == 0).orElse(true)
            || field.isRepeated() && limits.map(l -> l.getMaxItems() == 0).orElse(true)) {
          unbounded.add(field.getFullName());
        }
      }
    }
    assertThat(unbounded).as("request fields without (idnet.api.v1.field) max_length / max_items").isEmpty();
  }

  @Test
  void everyDeclaredLimitOfTheContractCanHold() {
    int declared = 0;
    for (ApiRoute route : catalog.routes()) {
      for (Descriptor type : List.of(route.method().getInputType(), route.method().getOutputType())) {
        for (FieldDescriptor field : reachable(type)) {
          // Throws on a pattern that does not compile or is not ^...$, on a minimum above its maximum.
          declared += DeclaredLimits.of(field).isPresent() ? 1 : 0;
        }
      }
    }
    assertThat(declared).isGreaterThan(50);
    var accountId = DeclaredLimits.of(route("CheckAccount").method().getInputType().findFieldByName("account_id"))
        .orElseThrow();
    assertThat(accountId.code()).isEqualTo("invalid-account-id");
    assertThat(accountId.matches("acc:1@x")).isTrue();
    assertThat(accountId.matches("acc 1")).isFalse();
    assertThat(accountId.matches("acc\n")).as("Java's $ would match before a final line break").isFalse();
  }

  private Set<Descriptor> requestTypes() {
    Set<Descriptor> types = new LinkedHashSet<>();
    catalog.routes().forEach(route -> collect(route.method().getInputType(), types));
    return types;
  }

  private static Set<FieldDescriptor> reachable(Descriptor type) {
    Set<Descriptor> types = new LinkedHashSet<>();
    collect(type, types);
    Set<FieldDescriptor> fields = new LinkedHashSet<>();
    types.forEach(t -> fields.addAll(t.getFields()));
    return fields;
  }

  private static void collect(Descriptor type, Set<Descriptor> into) {
    if (type.getFile().getPackage().equals("google.protobuf") || !into.add(type)) {
      return;
    }
    type.getFields().stream().filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
        .forEach(f -> collect(f.getMessageType(), into));
  }

  private ApiRoute route(String method) {
    return catalog.routes().stream().filter(r -> r.method().getName().equals(method)).findFirst().orElseThrow();
  }
}
