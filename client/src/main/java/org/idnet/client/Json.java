package org.idnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.accounts.AgeBand;
import org.idnet.client.accounts.Capability;
import org.idnet.client.accounts.PhoneSource;
import org.idnet.client.accounts.VerificationLevel;
import org.idnet.client.accounts.VerificationStatus;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.phone.PhoneVerification;
import org.idnet.client.phone.PhoneVerificationStatus;

/**
 * The API's JSON (protobuf JSON mapping: lowerCamelCase, RFC 3339 times, defaults omitted) to and
 * from the client's records, by hand: a field idnet adds later is ignored, an enum value it adds
 * later reads {@code UNRECOGNIZED}, so an older client keeps working as the API grows.
 */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new IdnetException("could not write a request body", e);
    }
  }

  static JsonNode read(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IdnetException("idnet answered something other than a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IdnetException("idnet answered JSON the client could not read", e);
    }
  }

  static AccountVerification accountVerification(JsonNode node) {
    List<Capability> capabilities = new ArrayList<>();
    for (JsonNode capability : node.path("capabilities")) {
      capabilities.add(constant(Capability.class, capability.asText(), Capability.UNRECOGNIZED));
    }
    return new AccountVerification(
        text(node, "accountId"),
        constant(VerificationStatus.class, text(node, "status"), VerificationStatus.UNRECOGNIZED),
        constant(VerificationLevel.class, text(node, "level"), VerificationLevel.UNRECOGNIZED),
        capabilities,
        constant(AgeBand.class, text(node, "ageBand"), AgeBand.UNRECOGNIZED),
        Optional.ofNullable(text(node, "subjectId")),
        Optional.ofNullable(instant(node, "verifiedAt")),
        Optional.ofNullable(text(node, "phoneSource"))
            .map(source -> constant(PhoneSource.class, source, PhoneSource.UNRECOGNIZED)));
  }

  static PhoneVerification phoneVerification(JsonNode node) {
    return new PhoneVerification(
        text(node, "id"),
        text(node, "accountId"),
        text(node, "phoneNumber"),
        constant(PhoneVerificationStatus.class, text(node, "status"), PhoneVerificationStatus.UNRECOGNIZED),
        instant(node, "expiresAt"),
        instant(node, "resendAvailableAt"),
        node.path("attemptsRemaining").asInt(0));
  }

  static org.idnet.client.webhooks.WebhookEndpoint webhookEndpoint(JsonNode node) {
    java.util.List<String> types = new java.util.ArrayList<>();
    node.path("eventTypes").forEach(type -> types.add(type.asText()));
    return new org.idnet.client.webhooks.WebhookEndpoint(
        text(node, "id"),
        text(node, "url"),
        types,
        node.path("maxInFlight").asInt(0),
        node.path("timeoutSeconds").asInt(0),
        instant(node, "createdAt"),
        java.util.Optional.ofNullable(text(node, "secret")).filter(s -> !s.isEmpty()),
        java.util.Optional.ofNullable(instant(node, "disabledAt")),
        java.util.Optional.ofNullable(text(node, "disabledReason")).filter(s -> !s.isEmpty()));
  }

  static org.idnet.client.imports.AccountImport accountImport(JsonNode node) {
    java.util.Map<String, Long> refusals = new java.util.LinkedHashMap<>();
    node.path("refusals").forEach(count -> refusals.put(text(count, "reason"), count.path("lines").asLong(0)));
    return new org.idnet.client.imports.AccountImport(
        text(node, "id"),
        constant(org.idnet.client.imports.ImportStatus.class, text(node, "status"),
            org.idnet.client.imports.ImportStatus.UNRECOGNIZED),
        instant(node, "createdAt"),
        java.util.Optional.ofNullable(instant(node, "completedAt")),
        node.path("batchesReceived").asInt(0),
        // int64 values come as JSON strings (protobuf's JSON); asLong reads both forms.
        node.path("linesReceived").asLong(0),
        node.path("linesBound").asLong(0),
        node.path("linesRefused").asLong(0),
        node.path("linesRemaining").asLong(0),
        refusals);
  }

  static org.idnet.client.imports.BatchReceipt batchReceipt(JsonNode node) {
    return new org.idnet.client.imports.BatchReceipt(node.path("batchNumber").asInt(0), node.path("lineCount").asInt(0),
        node.path("firstLine").asInt(0), node.path("lastLine").asInt(0), instant(node, "receivedAt"));
  }

  static org.idnet.client.imports.RefusalPage refusalPage(JsonNode node) {
    java.util.List<org.idnet.client.imports.LineRefusal> refusals = new java.util.ArrayList<>();
    node.path("refusals").forEach(r -> refusals.add(new org.idnet.client.imports.LineRefusal(r.path("line").asInt(0),
        text(r, "reason"))));
    return new org.idnet.client.imports.RefusalPage(refusals, node.path("nextAfterLine").asInt(0));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : OffsetDateTime.parse(value).toInstant();
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String value, E unrecognized) {
    if (value == null) {
      return unrecognized;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      return unrecognized;
    }
  }
}
