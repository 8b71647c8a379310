package org.idnet.otp.store;

import org.idnet.phone.PhoneNumber;

/**
 * Names of every key this service writes. Phone numbers and prefixes appear only as keyed hashes.
 */
final class RedisKeys {

  private final PhoneIndex index;

  RedisKeys(PhoneIndex index) {
    this.index = index;
  }

  static String verification(String id) {
    return "otp:v:" + id;
  }

  String failedChecks(PhoneNumber phone) {
    return "otp:fail:" + index.phone(phone);
  }

  /** One platform's share of the phone's failed checks. */
  String failedChecksOfPlatform(PhoneNumber phone, String platformId) {
    return "otp:fail-platform:" + index.phoneOfPlatform(phone, platformId);
  }

  String perPhone(PhoneNumber phone) {
    return "otp:lim:phone:" + index.phone(phone);
  }

  /** One platform's share of the phone's verifications. */
  String perPhoneOfPlatform(PhoneNumber phone, String platformId) {
    return "otp:lim:phone-platform:" + index.phoneOfPlatform(phone, platformId);
  }

  static String perPlatform(String platformId) {
    return "otp:lim:platform:" + platformId;
  }

  String perPrefix(PhoneNumber phone, int prefixLength) {
    return "otp:lim:prefix:" + index.prefix(phone.prefix(prefixLength));
  }

  /** One platform's share of the prefix's sends. */
  String perPrefixOfPlatform(PhoneNumber phone, int prefixLength, String platformId) {
    return "otp:lim:prefix-platform:" + index.prefixOfPlatform(phone.prefix(prefixLength), platformId);
  }

  /** An Idempotency-Key of a platform, as a keyed hash: a platform may put anything in a key. */
  static String idempotencyKey(String hash) {
    return "otp:idem:" + hash;
  }
}
