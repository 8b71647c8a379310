import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkPage, docScreenshot, scrollsSideways } from '../lib/browser.mjs';
import { urls, smsCode } from '../lib/sandbox.mjs';

// The hosted verification in a real browser: the sample platform sends its user to idnet's pages,
// who proves a phone number and a real name and lands back on the sample platform, which shows
// COMPLETED and REAL_NAME. Once in Vietnamese with the mouse, once in English on a phone driven by
// the keyboard only. Every page of ours passes checkPage (axe, no foreign request, no console error).

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** An adult sandbox citizen, further down the list than the other tests use. */
async function citizen(index) {
  const response = await fetch(`${urls.gateway}/sandbox/citizens?count=${index + 1}&minor=false`);
  assert.equal(response.status, 200);
  return (await response.json())[index];
}

function randomPhone() {
  return `0986${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
}

/**
 * Arrived on idnet's pages from the sample platform: what the sample platform's own page logged
 * (its missing favicon's 404) is not ours to check.
 */
function arrived(page) {
  page.consoleErrors.length = 0;
}

/**
 * A field error answers 422 by design (docs/pages.md section 3.5), which Chromium logs as a console
 * error of the document itself: that one entry is expected, any other still fails checkPage.
 */
function answered422(page) {
  const index = page.consoleErrors.findIndex((e) => e.includes('status of 422'));
  assert.ok(index >= 0, 'the page was answered 422');
  page.consoleErrors.splice(index, 1);
}

/** Presses Tab until the element matching `selector` has the focus (at most 40 times). */
async function tabTo(page, selector) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()}`);
}

test('a user verifies their real name on idnet\'s pages in Vietnamese and returns to the platform', async () => {
  const page = await newPage(browser, { locale: 'vi-VN', origins: [urls.samplePlatform] });
  await page.goto(`${urls.samplePlatform}/`);
  const account = (await page.locator('#account').textContent()).trim();
  await page.locator('#level-real-name').check();
  await page.locator('#locale').selectOption('vi');
  await page.getByRole('button', { name: 'Verify with idnet' }).click();

  await page.waitForURL(`${urls.web}/verify`);
  arrived(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await page.locator('#asks').innerText(), new RegExp(`platform-a .*${account}`));
  await checkPage(page, 'hosted-phone-vi');

  const phone = randomPhone();
  await page.locator('#phone').fill(phone);
  await page.locator('form[action="/verify/phone"] button').click();
  await page.locator('#code').waitFor();
  await checkPage(page, 'hosted-code-vi');

  // A wrong code: the error by the field and in the summary, the title starting "Lỗi:".
  await page.locator('#code').fill('000000');
  await page.locator('form[action="/verify/code"] button').click();
  await page.locator('#code-error').waitFor();
  assert.match(await page.title(), /^Lỗi:/);
  assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'the invalid field has the focus');
  answered422(page);
  await checkPage(page, 'hosted-code-error-vi');

  await page.locator('#code').fill(await smsCode(`+84${phone.slice(1)}`));
  await page.locator('form[action="/verify/code"] button').click();
  await page.locator('#fullName').waitFor();
  await checkPage(page, 'hosted-identity-vi');

  const person = await citizen(13);
  await page.locator('#fullName').fill(person.fullName);
  await page.locator('#nationalId').fill(person.nationalId);
  await page.locator('#dateOfBirth').fill(person.dateOfBirth);
  await page.locator('form[action="/verify/identity"] button').click();
  await page.locator('#finish').waitFor();
  await checkPage(page, 'hosted-done-vi');

  await page.locator('#finish').click();
  await page.waitForURL(`${urls.samplePlatform}/return**`);
  assert.equal((await page.locator('#outcome').innerText()).trim(), 'COMPLETED');
  assert.equal((await page.locator('#level').innerText()).trim(), 'REAL_NAME');
  assert.deepEqual(page.foreignRequests, []);
  await page.context().close();
});

test('the same in English on a phone, with the keyboard only and no sideways scrolling', async () => {
  const page = await newPage(browser, { locale: 'en-US', mobile: true, origins: [urls.samplePlatform] });
  await page.goto(`${urls.samplePlatform}/`);
  await tabTo(page, 'button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${urls.web}/verify`);
  arrived(page);
  // The platform asked for Vietnamese (its default); the user switches with the header's link.
  await tabTo(page, 'a[hreflang="en"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${urls.web}/verify?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await scrollsSideways(page), false, 'phone step');
  await checkPage(page, 'hosted-phone-en-mobile');
  await docScreenshot(page, 'hosted-phone');

  const phone = randomPhone();
  await tabTo(page, '#phone');
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  await page.locator('#code').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice stays');
  assert.equal(await scrollsSideways(page), false, 'code step');
  await checkPage(page, 'hosted-code-en-mobile');
  await docScreenshot(page, 'hosted-code');

  await tabTo(page, '#code');
  await page.keyboard.type(await smsCode(`+84${phone.slice(1)}`));
  await page.keyboard.press('Enter');
  await page.locator('#fullName').waitFor();
  assert.equal(await scrollsSideways(page), false, 'identity step');
  await checkPage(page, 'hosted-identity-en-mobile');
  await docScreenshot(page, 'hosted-identity');

  const person = await citizen(15);
  const [year, month, day] = person.dateOfBirth.split('-');
  await tabTo(page, '#fullName');
  await page.keyboard.type(person.fullName);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.nationalId);
  await page.keyboard.press('Tab');
  // Chromium's date field in en-US: month, day, year.
  await page.keyboard.type(`${month}${day}${year}`);
  assert.equal(await page.locator('#dateOfBirth').inputValue(), person.dateOfBirth);
  await page.keyboard.press('Enter');
  await page.locator('#finish').waitFor();
  assert.equal(await scrollsSideways(page), false, 'done step');
  await checkPage(page, 'hosted-done-en-mobile');
  await docScreenshot(page, 'hosted-done');

  await tabTo(page, '#finish');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${urls.samplePlatform}/return**`);
  assert.equal((await page.locator('#outcome').innerText()).trim(), 'COMPLETED');
  assert.equal((await page.locator('#level').innerText()).trim(), 'REAL_NAME');
  await page.context().close();
});
