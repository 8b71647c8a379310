package org.idnet.gateway.transcoding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.idnet.gateway.routes.ApiRoute;

/**
 * The JSON answer of a route: the whole response message, or the field its rule names as
 * {@code response_body}. Fields without presence are always printed (a platform reads
 * {@code "capabilities": []}, not a missing key); optional fields appear only when set. 64-bit
 * integers are JSON numbers ({@link JsonInt64}), where protobuf's mapping prints strings.
 *
 * <p>Answers of the types {@link DirectJson} serves (verify-account's and the look-up's, among
 * others) are written by it directly, byte for byte what the JsonFormat printer prints; the
 * others are printed by JsonFormat.
 */
public final class ResponseTranscoder {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  public byte[] toJson(ApiRoute route, DynamicMessage response) {
    try {
      if (route.responseBody().isEmpty()) {
        if (DirectJson.serves(response.getDescriptorForType())) {
          return DirectJson.write(response);
        }
        return bytes(PRINTER.print(response), response.getDescriptorForType());
      }
      FieldDescriptor field = response.getDescriptorForType().findFieldByName(route.responseBody());
      if (field == null || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        throw new IllegalStateException(route.id() + ": response_body must name a message field");
      }
      if (DirectJson.serves(field.getMessageType())) {
        if (field.isRepeated()) {
          @SuppressWarnings("unchecked")
          List<Message> items = (List<Message>) response.getField(field);
          return DirectJson.writeArray(items, field.getMessageType());
        }
        return DirectJson.write((Message) response.getField(field));
      }
      if (field.isRepeated()) {
        StringBuilder json = new StringBuilder("[");
        @SuppressWarnings("unchecked")
        List<Message> items = (List<Message>) response.getField(field);
        for (int i = 0; i < items.size(); i++) {
          json.append(i == 0 ? "" : ",").append(PRINTER.print(items.get(i)));
        }
        return bytes(json.append(']').toString(), field.getMessageType());
      }
      return bytes(PRINTER.print((Message) response.getField(field)), field.getMessageType());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(route.id() + ": answer cannot be printed as JSON", e);
    }
  }

  private static byte[] bytes(String json, Descriptor type) {
    return JsonInt64.holdsInt64(type) ? JsonInt64.numbers(json, type) : json.getBytes(StandardCharsets.UTF_8);
  }
}
