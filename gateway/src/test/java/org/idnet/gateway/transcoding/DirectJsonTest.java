package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.LookupAccountsResponse;
import org.junit.jupiter.api.Test;

/**
 * The answers written directly are the bytes protobuf's JsonFormat printer prints, for every
 * message type of the contract's answers that DirectJson serves, over many random answers: all
 * fields set, none set, some; strings with quotes, backslashes, control characters, line
 * separators, non-ASCII and lone surrogates; enum numbers the contract does not name.
 */
class DirectJsonTest {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
  private static final String[] PIECES = {"a", "Z", "0", "-", ".", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f",
      "\u0000", "\u0001", "\u001f", "\u007f", "<", ">", "&", "=", "'", "é", "日本", "\u2028", "\u2029", "😀",
      "\ud800", "\udfff", " ", "\u00a0", "\ufeff"};

  private final ApiCatalog catalog = ApiCatalog.load();
  private final ResponseTranscoder transcoder = new ResponseTranscoder();
  private final Random random = new Random(14);

  @Test
  void theHotRoutesAnswersAreServedDirectly() {
    assertThat(DirectJson.serves(AccountVerification.getDescriptor())).isTrue();
    assertThat(DirectJson.serves(CheckAccountResponse.getDescriptor())).isTrue();
    assertThat(DirectJson.serves(LookupAccountsResponse.getDescriptor())).isTrue();
    // 64-bit integers are left to JsonFormat and JsonInt64.
    assertThat(DirectJson.serves(org.idnet.disclosure.v1.AuditCheckpoint.getDescriptor())).isFalse();
  }

  @Test
  void everyServedAnswerTypeIsWrittenAsJsonFormatPrintsIt() throws Exception {
    Set<Descriptor> served = new LinkedHashSet<>();
    for (ApiRoute route : catalog.routes()) {
      Descriptor type = route.method().getOutputType();
      if (DirectJson.serves(type)) {
        served.add(type);
      }
    }
    assertThat(served.stream().map(Descriptor::getFullName))
        .contains(CheckAccountResponse.getDescriptor().getFullName(), LookupAccountsResponse.getDescriptor().getFullName())
        .hasSizeGreaterThan(2);
    assertThat(served.size()).as("served types").isGreaterThan(2);
    for (Descriptor type : served) {
      for (int i = 0; i < 300; i++) {
        DynamicMessage message = randomMessage(type, i % 10, 0);
        assertThat(new String(DirectJson.write(message), StandardCharsets.UTF_8)).as(type.getFullName() + " " + message)
            .isEqualTo(printed(message));
      }
    }
  }

  @Test
  void theRoutesAnswersThroughTheTranscoderAreJsonFormatsIncludingResponseBodyFields() throws Exception {
    for (ApiRoute route : catalog.routes()) {
      Descriptor type = route.method().getOutputType();
      for (int i = 0; i < 50; i++) {
        DynamicMessage message = randomMessage(type, i % 10, 0);
        String expected = expected(route, message);
        if (expected != null) {
          assertThat(new String(transcoder.toJson(route, message), StandardCharsets.UTF_8)).as(route.id())
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aLookUpOf500AnswersIsWrittenAsJsonFormatPrintsIt() throws Exception {
    Descriptor type = catalog.routes().stream().filter(r -> r.method().getName().equals("LookupAccounts")).findFirst()
        .orElseThrow().method().getOutputType();
    for (int round = 0; round < 3; round++) {
      DynamicMessage.Builder answer = DynamicMessage.newBuilder(type);
      FieldDescriptor results = type.findFieldByName("results");
      for (int i = 0; i < 500; i++) {
        answer.addRepeatedField(results, randomMessage(results.getMessageType(), 1 + random.nextInt(9), 1));
      }
      DynamicMessage message = answer.build();
      assertThat(new String(DirectJson.write(message), StandardCharsets.UTF_8)).isEqualTo(printed(message));
    }
  }

  @Test
  void unsetAndDefaultFieldsAreAsJsonFormatPrintsThem() throws Exception {
    for (Message message : List.of(AccountVerification.getDefaultInstance(), CheckAccountResponse.getDefaultInstance(),
        LookupAccountsResponse.getDefaultInstance(),
        LookupAccountsResponse.newBuilder().addResults(AccountVerification.getDefaultInstance()).build(),
        AccountVerification.newBuilder().setSubjectId("").build(),
        AccountVerification.newBuilder().setVerifiedAt(Timestamp.getDefaultInstance()).build(),
        AccountVerification.newBuilder().addCapabilitiesValue(99).setStatusValue(-7).build(),
        AccountVerification.newBuilder().setPhoneSource(org.idnet.identity.v1.PhoneSource.IMPORTED).build(),
        AccountVerification.newBuilder().addCapabilities(Capability.COMMENT).addCapabilities(Capability.COMMERCE)
            .setVerifiedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(120_000)).build())) {
      DynamicMessage dynamic = DynamicMessage.parseFrom(message.getDescriptorForType(), message.toByteString());
      assertThat(new String(DirectJson.write(dynamic), StandardCharsets.UTF_8)).isEqualTo(printed(dynamic));
      assertThat(new String(DirectJson.write(message), StandardCharsets.UTF_8)).isEqualTo(printed(message));
    }
    assertThat(new String(DirectJson.write(AccountVerification.getDefaultInstance()), StandardCharsets.UTF_8))
        .isEqualTo("{\"accountId\":\"\",\"status\":\"VERIFICATION_STATUS_UNSPECIFIED\","
            + "\"level\":\"VERIFICATION_LEVEL_UNSPECIFIED\",\"capabilities\":[],\"ageBand\":\"AGE_BAND_UNSPECIFIED\"}");
  }

  @Test
  void aTimestampJsonFormatCannotPrintIsNotPrintedEither() throws Exception {
    Message bad = AccountVerification.newBuilder().setVerifiedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
        .build();
    DynamicMessage dynamic = DynamicMessage.parseFrom(bad.getDescriptorForType(), bad.toByteString());
    assertThatThrownBy(() -> PRINTER.print(dynamic)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectJson.write(dynamic)).isInstanceOf(IllegalArgumentException.class);
  }

  /** What the route answered before: JsonFormat's print of the answer or of its response_body field. */
  private String expected(ApiRoute route, DynamicMessage response) throws Exception {
    if (route.responseBody().isEmpty()) {
      return DirectJson.serves(response.getDescriptorForType()) ? printed(response) : null;
    }
    FieldDescriptor field = response.getDescriptorForType().findFieldByName(route.responseBody());
    if (!DirectJson.serves(field.getMessageType())) {
      return null;
    }
    if (field.isRepeated()) {
      List<String> items = new ArrayList<>();
      for (Object item : (List<?>) response.getField(field)) {
        items.add(printed((Message) item));
      }
      return "[" + String.join(",", items) + "]";
    }
    return printed((Message) response.getField(field));
  }

  private static String printed(Message message) throws Exception {
    return new String(PRINTER.print(message).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** @param fill 0: nothing set, 9: everything set, else each field set with that chance in ten */
  private DynamicMessage randomMessage(Descriptor type, int fill, int depth) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      if (fill == 0 || fill != 9 && random.nextInt(10) >= fill) {
        continue;
      }
      if (field.isRepeated()) {
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
          Object value = randomValue(field, fill, depth);
          if (value != null) {
            builder.addRepeatedField(field, value);
          }
        }
      } else {
        Object value = randomValue(field, fill, depth);
        if (value != null) {
          builder.setField(field, value);
        }
      }
    }
    return builder.build();
  }

  private Object randomValue(FieldDescriptor field, int fill, int depth) {
    return switch (field.getType()) {
      case STRING -> randomString();
      case BOOL -> random.nextBoolean();
      case INT32, SINT32, SFIXED32 -> random.nextBoolean() ? random.nextInt(100) - 50 : random.nextInt();
      case UINT32, FIXED32 -> random.nextInt();
      case ENUM -> {
        EnumDescriptor type = field.getEnumType();
        yield random.nextInt(5) == 0 ? type.findValueByNumberCreatingIfUnknown(100 + random.nextInt(5))
            : type.getValues().get(random.nextInt(type.getValues().size()));
      }
      case MESSAGE -> {
        if (field.getMessageType().getFullName().equals("google.protobuf.Timestamp")) {
          yield DynamicMessage.newBuilder(field.getMessageType())
              .setField(field.getMessageType().findFieldByName("seconds"), (long) random.nextInt(2_000_000_000))
              .setField(field.getMessageType().findFieldByName("nanos"), switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
              }).build();
        }
        yield depth > 3 ? null : randomMessage(field.getMessageType(), fill, depth + 1);
      }
      default -> null;
    };
  }

  private String randomString() {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)] : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
