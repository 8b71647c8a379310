// RFC 6238 one-time codes as Keycloak's realm makes them (HmacSHA256, 6 digits, 30 s), from the
// sandbox staff's Base32 seeds in keycloak/dev/idnet-dev-clients.json.
import { createHmac } from 'node:crypto';

const PERIOD_MS = 30_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(text) {
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const value = ALPHABET.indexOf(c);
    if (value < 0) throw new Error(`not Base32: ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totp(key, { at = Date.now(), digits = 6, algorithm = 'sha256' } = {}) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / PERIOD_MS)));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

const lastWindow = new Map();

/**
 * The person's code for now; when this person already used a code of the current window (Keycloak
 * refuses a code twice) or the window ends within 3 s, waits for the next window first.
 */
export async function freshCode(person, seed) {
  const window = Math.floor(Date.now() / PERIOD_MS);
  // A code read in a window's last seconds reaches Keycloak in the next one: wait for that one.
  if (lastWindow.get(person) === window || PERIOD_MS - (Date.now() % PERIOD_MS) < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, PERIOD_MS - (Date.now() % PERIOD_MS) + 250));
  }
  lastWindow.set(person, Math.floor(Date.now() / PERIOD_MS));
  return totp(base32(seed));
}
