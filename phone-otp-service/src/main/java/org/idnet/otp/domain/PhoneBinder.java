package org.idnet.otp.domain;

/**
 * The identity service, which records bindings. Idempotent per verification id, so a retry after
 * an unclear failure binds once. Throws {@link BindingFailedException} when it did not answer OK.
 */
public interface PhoneBinder {

  void bind(PhoneBinding binding);
}
