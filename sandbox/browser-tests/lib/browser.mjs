// One headless Chromium (Debian's, never a downloaded one) for a test file, a fresh context per
// scenario, and what every page visit checks: no request to another origin, no CSP violation in the
// console, no serious accessibility violation (axe), a screenshot kept as test output.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { axeViolations } from './axe.mjs';
import { urls } from './sandbox.mjs';

const SCREENSHOTS = process.env.IDNET_SCREENSHOTS ?? 'target/browser-screenshots';
const DOC_SCREENSHOTS = process.env.IDNET_DOC_SCREENSHOTS === '1' ? process.env.IDNET_DOC_SCREENSHOTS_DIR : null;

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
}

/**
 * A new context (cookies of its own) whose pages may talk only to the origins named, and which
 * collects console errors (a CSP violation is one).
 */
export async function newPage(browser, { locale = 'vi-VN', mobile = false, origins = [] } = {}) {
  const context = await browser.newContext({
    locale,
    viewport: mobile ? { width: 360, height: 740 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  const allowed = new Set([urls.web, ...origins].map((u) => new URL(u).origin));
  const page = await context.newPage();
  page.foreignRequests = [];
  page.consoleErrors = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && !allowed.has(url.origin)) {
      page.foreignRequests.push(request.url());
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      page.consoleErrors.push(message.text());
    }
  });
  return page;
}

/**
 * What every visited page of ours must show: no foreign request so far, no console error (CSP
 * violations are reported there), no serious or critical axe violation; then a screenshot
 * `<name>.png` in the screenshot folder.
 */
export async function checkPage(page, name) {
  await page.waitForLoadState('load');
  assert.deepEqual(page.foreignRequests, [], `${name}: requests to another origin`);
  assert.deepEqual(page.consoleErrors, [], `${name}: console errors (a CSP violation is one)`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${name}: serious accessibility violations at ${page.url()}`);
  await screenshot(page, name);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Writes a README image (docs/pages/<name>.png) when IDNET_DOC_SCREENSHOTS=1. */
export async function docScreenshot(page, name) {
  if (DOC_SCREENSHOTS) {
    mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(DOC_SCREENSHOTS, `${name}.png`), fullPage: true });
  }
}

/** True when the page scrolls sideways (a mobile layout must not). */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
