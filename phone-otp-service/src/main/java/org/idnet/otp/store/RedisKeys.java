package org.idnet.otp.store;

import org.idnet.otp.domain.PhoneNumber;

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

  String perPhone(PhoneNumber phone) {
    return "otp:lim:phone:" + index.phone(phone);
  }

  static String perPlatform(String platformId) {
    return "otp:lim:platform:" + platformId;
  }

  String perPrefix(PhoneNumber phone, int prefixLength) {
    return "otp:lim:prefix:" + index.prefix(phone.prefix(prefixLength));
  }
}
