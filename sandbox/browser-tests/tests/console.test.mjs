import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkPage, docScreenshot } from '../lib/browser.mjs';
import { urls, clientToken, api } from '../lib/sandbox.mjs';
import { staff, keycloakLogin } from '../lib/staff.mjs';

// The agency console on real Keycloak (docs/pages.md section 4): officer.an files, supervisor.binh
// approves after a fresh login (password and OTP again), officer.an opens the package; lead.chi
// (officer and supervisor) sees no approve button on a request of their own and a forced POST is
// 403; auditor.em sees the audit chain verified. Keycloak's own pages are not checked (they are
// Keycloak's); ours are, each with checkPage.

const ACCOUNT = `browser-console-${Date.now()}`;
let browser;
let citizen;
const pages = {};

before(async () => {
  browser = await launch();
  // The account whose holder the request asks about: registered with a real name by platform-a.
  citizen = (await (await fetch(`${urls.gateway}/sandbox/citizens?count=1`)).json())[0];
  await api('PUT', `/v1/accounts/${ACCOUNT}/real-name`, await clientToken('platform-a'), {
    fullName: citizen.fullName, nationalId: citizen.nationalId, dateOfBirth: citizen.dateOfBirth,
  });
});

after(async () => { await browser?.close(); });

/** A signed-in official in a context of their own (English pages). */
async function signIn(username) {
  const page = await newPage(browser, { locale: 'en-US', origins: [urls.issuer] });
  await page.goto(`${urls.web}/console`);
  await keycloakLogin(page, staff(username));
  await page.waitForURL(`${urls.web}/console`);
  page.consoleErrors.length = 0; // Keycloak's pages are Keycloak's; ours are checked from here on.
  await checkPage(page, `console-menu-${username}`);
  return page;
}

/** Files a request through the two-step form; answers its id. */
async function fileRequest(page, name, caseReference) {
  await page.goto(`${urls.web}/console/requests/new`);
  await checkPage(page, `${name}-basis`);
  await page.check('input[name="basis"][value="VN-CPC-2015-ART88"]');
  await Promise.all([page.waitForURL(/basis=VN-CPC-2015-ART88/), page.click('#basis-next')]);
  await page.fill('#platformId', 'platform-a');
  await page.fill('#accountId', ACCOUNT);
  await page.fill('#caseReference', caseReference);
  await page.check('#field-FULL_NAME');
  await page.check('#field-NATIONAL_ID');
  await page.fill('#justification', 'Identify the holder of an account used in a fraud under investigation.');
  await checkPage(page, `${name}-fields`);
  if (name === 'officer') await docScreenshot(page, 'console-file');
  await Promise.all([page.waitForURL(/\/console\/requests\/[0-9a-f-]{36}$/), page.click('#file-submit')]);
  await checkPage(page, `${name}-filed`);
  return page.url().split('/').pop();
}

let filed;

test('supervisor.binh signs in first (her OTP window is then long past when she approves)', async () => {
  pages.binh = await signIn('supervisor.binh');
  assert.ok(await pages.binh.locator('a[href="/console/queue"]').count(), 'the queue in a supervisor menu');
  assert.equal(await pages.binh.locator('a[href="/console/requests/new"]').count(), 0, 'no filing for a supervisor');
});

test('officer.an files a request in two steps', async () => {
  pages.an = await signIn('officer.an');
  filed = await fileRequest(pages.an, 'officer', '2026/BROWSER-CONSOLE-1');
  const main = await pages.an.locator('main').innerText();
  assert.match(main, /Awaiting approval/);
  assert.match(main, /due in \d+ h \d+ min/);
  assert.equal(await pages.an.locator('#approve').count(), 0, 'an officer has no approve button');
});

test('supervisor.binh approves after a fresh login', async () => {
  const page = pages.binh;
  await page.goto(`${urls.web}/console/queue`);
  await checkPage(page, 'supervisor-queue');
  await docScreenshot(page, 'console-queue');
  await Promise.all([page.waitForURL(`${urls.web}/console/requests/${filed}`), page.click(`a[href="/console/requests/${filed}"]`)]);
  await checkPage(page, 'supervisor-request');
  await page.click('#approve');
  // Keycloak asks again: password, then the one-time code (prompt=login&max_age=0).
  await keycloakLogin(page, staff('supervisor.binh'));
  await page.waitForURL(`${urls.web}/console/requests/${filed}/approve/confirm`);
  page.consoleErrors.length = 0;
  await checkPage(page, 'supervisor-confirm');
  await page.fill('#note', 'Proportionate to the investigation.');
  await Promise.all([page.waitForURL(`${urls.web}/console/requests/${filed}`), page.click('#approve-now')]);
  await checkPage(page, 'supervisor-approved');
  // The request's own detail, not the nav (which always names the signed-in supervisor).
  assert.match(await page.locator('dl.request dd.status').innerText(), /^(Approved|Disclosed)$/);
  assert.match(await page.locator('dl.decision').innerText(), /Decided by\s+supervisor\.binh,/);
});

test('officer.an opens the package', async () => {
  const page = pages.an;
  for (let i = 0; i < 40; i++) {
    await page.goto(`${urls.web}/console/requests/${filed}`);
    if (await page.locator('#open-package').count()) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await Promise.all([page.waitForURL(`${urls.web}/console/requests/${filed}/package`), page.click('#open-package')]);
  await checkPage(page, 'officer-package');
  await docScreenshot(page, 'console-package');
  const main = await page.locator('main').innerText();
  assert.ok(main.includes(citizen.fullName), 'the name released');
  assert.ok(main.includes(citizen.nationalId), 'the citizen id released');
});

test('lead.chi files, sees no approve button on it, and a forced approval is 403', async () => {
  const page = await signIn('lead.chi');
  const own = await fileRequest(page, 'lead', '2026/BROWSER-CONSOLE-2');
  assert.equal(await page.locator('#approve').count(), 0, 'no approve button for the filer');
  assert.equal(await page.locator(`a[href$="/${own}/approve"]`).count(), 0, 'no approve link for the filer');
  const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
  const forced = await page.request.post(`${urls.web}/console/requests/${own}/approve`, {
    form: { _csrf: csrf, note: 'mine' }, headers: { origin: urls.web }, maxRedirects: 0,
  });
  assert.equal(forced.status(), 403);
  // The own-request rule itself (the POST above has no marker either): the start of an approval is
  // refused before any marker or issuer, as the forbidden page, not a redirect to Keycloak.
  const started = await page.request.get(`${urls.web}/console/requests/${own}/approve`, { maxRedirects: 0 });
  assert.equal(started.status(), 403);
  assert.equal(started.headers().location, undefined, 'no redirect to the issuer');
  assert.match(await started.text(), /Your role does not allow this page or action\.|Vai trò của bạn không cho phép trang hoặc thao tác này\./);
  await page.context().close();
});

test('auditor.em sees the audit chain verified, then signs out', async () => {
  const page = await signIn('auditor.em');
  await page.goto(`${urls.web}/console/audit`);
  await checkPage(page, 'auditor-audit');
  await page.goto(`${urls.web}/console/audit/verification`);
  await checkPage(page, 'auditor-verification');
  assert.match(await page.locator('#verification').innerText(), /^Valid/);
  // Keycloak asks to confirm (the console sends no ID token in the URL: it would be logged).
  await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/protocol/openid-connect/logout')
      || url.pathname === '/console/signed-out'), page.click('nav.console button[type="submit"]')]);
  if (!page.url().startsWith(`${urls.web}/console/signed-out`)) {
    await Promise.all([page.waitForURL(`${urls.web}/console/signed-out`), page.click('#kc-logout')]);
  }
  await checkPage(page, 'auditor-signed-out');
  const again = await page.request.get(`${urls.web}/console/audit`, { maxRedirects: 0 });
  assert.equal(again.status(), 302, 'signed out: the console sends to the login again');
  await page.context().close();
});

after(async () => {
  for (const page of Object.values(pages)) await page.context().close().catch(() => {});
});
