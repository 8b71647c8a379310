import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32, totp } from '../lib/totp.mjs';

// The helper the console tests log staff in with must compute Keycloak's codes: RFC 6238's own
// SHA-256 vectors (appendix B, 8 digits) and a Base32 round.
test('RFC 6238 HMAC-SHA256 vectors', () => {
  const key = Buffer.from('12345678901234567890123456789012');
  assert.equal(totp(key, { at: 59_000, digits: 8 }), '46119246');
  assert.equal(totp(key, { at: 1_111_111_109_000, digits: 8 }), '68084774');
  assert.equal(totp(key, { at: 20_000_000_000_000, digits: 8 }), '77737706');
});

test('Base32 decodes as RFC 4648 says', () => {
  assert.equal(base32('MZXW6YTBOI======').toString(), 'foobar');
  assert.throws(() => base32('not base32!'));
});
