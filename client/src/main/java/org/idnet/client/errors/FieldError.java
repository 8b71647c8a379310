package org.idnet.client.errors;

/**
 * One field a validation refusal names ({@code errors: [{field, message}]} of the problem).
 *
 * @param field the request field, in the API's lowerCamelCase JSON name, e.g. {@code phoneNumber}
 * @param message why it was refused; never the value itself
 */
public record FieldError(String field, String message) {
}
