// The sandbox's staff (keycloak/dev/idnet-dev-clients.json: public development accounts) and their
// login on Keycloak's pages: password, then the one-time code from the seeded OTP credential.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freshCode } from './totp.mjs';

const REALM_DEV = fileURLToPath(new URL('../../../keycloak/dev/idnet-dev-clients.json', import.meta.url));

export function staff(username) {
  const user = JSON.parse(readFileSync(REALM_DEV, 'utf8')).users.find((u) => u.username === username);
  if (!user) throw new Error(`no sandbox staff member ${username}`);
  const password = user.credentials.find((c) => c.type === 'password').value;
  const otp = user.credentials.find((c) => c.type === 'otp');
  return { username, password, seed: otp ? JSON.parse(otp.secretData).value : null };
}

/**
 * Fills Keycloak's login form (the page must be on it), then its one-time code form. With a
 * username already known (a fresh login), Keycloak may show only the password field.
 */
export async function keycloakLogin(page, person) {
  await page.waitForSelector('#password');
  if (await page.locator('#username').count()) await page.fill('#username', person.username);
  await page.fill('#password', person.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#kc-login')]);
  await page.waitForSelector('#otp');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.fill('#otp', await freshCode(person.username, person.seed));
    // Wait for the answer to this very submission (the page navigates either way: back to the
    // client, or Keycloak's form again with "invalid code").
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#kc-login')]);
    if (!new URL(page.url()).pathname.includes('/login-actions/')) return;
    if (!(await page.locator('#otp').count())) break;
    // Refused (a code Keycloak saw used, or one read across a window's edge): the next one is new.
  }
  throw new Error(`Keycloak did not accept ${person.username}'s one-time code (at ${page.url()})`);
}
